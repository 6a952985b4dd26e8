/**
 * How every browser run here starts Chromium: Debian's binary (never a downloaded one) and
 * flags that keep it from reaching outside hosts; SwiftShader gives WebGL without a GPU.
 */
export const chromiumExecutable: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
];
