export { pyrDown, pyrUp } from './pyramid.js';
export {
  decodeFrequencyDecoupleOptions,
  frequencyDecouple,
  FrequencyDecoupleOptionsCodec,
  type FrequencyDecoupleOptions,
  type FrequencyVariant,
} from './decouple.js';
