export { pyrDown, pyrUp } from './pyramid.js';
export {
  BandCount,
  decodeFrequencyDecoupleOptions,
  frequencyDecouple,
  frequencyDecoupleDefaults,
  FrequencyDecoupleOptionsCodec,
  type FrequencyDecoupleOptions,
  type FrequencyVariant,
} from './decouple.js';
