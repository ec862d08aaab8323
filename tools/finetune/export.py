"""Export a checkpoint of train.py as one int8 ONNX graph (per-channel dynamic quantization) and
check it against PyTorch.

  python tools/finetune/export.py --out /work/ft-out/run1 [--copy-to model/minilm-tweet-q.onnx]
"""
import argparse
import os
import shutil
import sys

import numpy as np
import onnx
import torch
from onnxruntime import InferenceSession
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.transformers.optimizer import optimize_model
from transformers import AutoModel, AutoTokenizer

sys.path.insert(0, os.path.dirname(__file__))
from train import TweetEncoder, base_model_dir  # noqa: E402

PROBES = [
    'I love this so much, best day ever!',
    'worst service I have ever had, never again',
    'The meeting is at 3pm in room 204.',
    '@user the new iPhone battery is terrible #fail',
    'Champions League final tonight, who are you backing?',
]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', required=True, help='the train.py output folder (reads model.pt, writes *.onnx)')
    p.add_argument('--opset', type=int, default=17)
    p.add_argument('--fuse', action='store_true',
                   help="fuse attention, GELU and LayerNorm into onnxruntime's BERT kernels before quantizing (off:"
                        ' with onnxruntime 1.32 on a 2-core EPYC the fused int8 graph ran ~20%% slower, see docs/models.md)')
    p.add_argument('--full-range', action='store_true',
                   help='quantize weights to the full int8 range (off: 7-bit weights, reduce_range). On x86 CPUs without VNNI'
                        " onnxruntime multiplies uint8 activations by int8 weights with VPMADDUBSW, whose 16-bit pair sums"
                        ' saturate for full-range weights, so the same graph gave other embeddings there than on VNNI CPUs;'
                        ' 7-bit weights cannot saturate and give every x86 CPU the same figures (docs/models.md)')
    p.add_argument('--copy-to', help='also copy the int8 graph here (e.g. model/minilm-tweet-q.onnx)')
    args = p.parse_args()
    torch.manual_seed(0)
    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = TweetEncoder(AutoModel.from_pretrained(base, attn_implementation='eager'))
    model.load_state_dict(torch.load(os.path.join(args.out, 'model.pt'), map_location='cpu'))
    model.eval()
    enc = tokenizer(PROBES, padding=True, truncation=True, max_length=128, return_tensors='pt')
    feeds = (enc['input_ids'], enc['attention_mask'], enc['token_type_ids'])
    fp32 = os.path.join(args.out, 'model.onnx')
    int8 = os.path.join(args.out, 'model_quantized.onnx')
    axes = {'batch': 0, 'sequence': 1}
    torch.onnx.export(
        model, feeds, fp32, dynamo=False, opset_version=args.opset,
        input_names=['input_ids', 'attention_mask', 'token_type_ids'],
        output_names=['logits', 'sentence_embedding'],
        dynamic_axes={'input_ids': {0: 'batch', 1: 'sequence'}, 'attention_mask': {0: 'batch', 1: 'sequence'},
                      'token_type_ids': {0: 'batch', 1: 'sequence'}, 'logits': {0: 'batch'}, 'sentence_embedding': {0: 'batch'}},
    )
    source = fp32
    if args.fuse:
        source = os.path.join(args.out, 'model_fused.onnx')
        optimize_model(fp32, model_type='bert', num_heads=12, hidden_size=384).save_model_to_file(source)
    quantize_dynamic(source, int8, per_channel=True, reduce_range=not args.full_range, weight_type=QuantType.QInt8, extra_options={'DefaultTensorType': onnx.TensorProto.FLOAT})
    with torch.no_grad():
        ref_logits, ref_emb = (t.numpy() for t in model(*feeds))
    np_feeds = {'input_ids': feeds[0].numpy(), 'attention_mask': feeds[1].numpy(), 'token_type_ids': feeds[2].numpy()}
    for path in (fp32, int8):
        logits, emb = InferenceSession(path, providers=['CPUExecutionProvider']).run(None, np_feeds)
        cos = (emb * ref_emb).sum(1) / np.linalg.norm(emb, axis=1) / np.linalg.norm(ref_emb, axis=1)
        agree = float(np.mean(logits.argmax(1) == ref_logits.argmax(1)))
        print(f'{os.path.basename(path)}: {os.path.getsize(path) / 1e6:.1f} MB, embedding cos vs torch min {cos.min():.4f}, '
              f'max |logit diff| {np.abs(logits - ref_logits).max():.4f}, argmax agreement {agree:.2f}')
    if args.copy_to:
        os.makedirs(os.path.dirname(os.path.abspath(args.copy_to)), exist_ok=True)
        shutil.copyfile(int8, args.copy_to)
        print(f'copied {int8} -> {args.copy_to}')


if __name__ == '__main__':
    sys.exit(main())
