import type { EncoderSpec } from '../serve/model-catalog.ts';

/**
 * The small files @huggingface/transformers needs next to the ONNX graph to load a BERT-family
 * encoder offline. The jars carry only the graph and tokenizer.json, so these are written here,
 * with the values of the published configs of all-MiniLM-L6-v2 / e5-small-v2 (hidden 384, 12 heads).
 */
export function onnxFileName(spec: EncoderSpec): string {
  return spec.dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx';
}

export function bertConfig(spec: EncoderSpec): Record<string, unknown> {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: 384,
    num_hidden_layers: spec.layers,
    num_attention_heads: 12,
    intermediate_size: 1536,
    hidden_act: 'gelu',
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: 30522,
    pad_token_id: 0,
    layer_norm_eps: 1e-12,
  };
}

export function tokenizerConfig(spec: EncoderSpec): Record<string, unknown> {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: spec.maxTokens,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };
}

/** The jars' tokenizer.json pads every input to 128; batches pad to their longest text instead. */
export function adaptTokenizerJson(raw: Buffer, spec: EncoderSpec): string {
  const json = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  json.padding = null;
  json.truncation = { direction: 'Right', max_length: spec.maxTokens, strategy: 'LongestFirst', stride: 0 };
  return JSON.stringify(json);
}
