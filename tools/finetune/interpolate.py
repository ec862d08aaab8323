"""Weight-space interpolation of the fine-tuned encoder with the base model (WiSE-FT, Wortsman et al.
2022, arXiv:2109.01903): theta = (1 - alpha) * base + alpha * fine-tuned, the sentiment head kept.
Smaller alpha keeps the pooled embedding closer to the base model's (topic prototypes), larger alpha
keeps more of the sentiment gain. Measured on the dev slice of train.py (same seed and size), never on
validation data; --save writes the chosen mix as model.pt for export.py.

  python tools/finetune/interpolate.py --data ../shared/data/semeval-2013-2016/train.tsv --run /work/ft-out/run2 \\
      --alphas 0.5,0.7,0.85,1 [--save 0.7 --save-dir /work/ft-out/run2-mix]
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

sys.path.insert(0, os.path.dirname(__file__))
from train import (TweetEncoder, base_model_dir, choose_bias, forced_choice, macro_recall,  # noqa: E402
                   pooled_embeddings, predict, read_tsv, split_dev)


def mix(base_state, ft_state, alpha):
    out = {}
    for name, value in ft_state.items():
        key = name[len('bert.'):] if name.startswith('bert.') else None
        out[name] = (1 - alpha) * base_state[key] + alpha * value if key in base_state and value.is_floating_point() else value
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True)
    p.add_argument('--run', required=True, help='a train.py output folder (model.pt, report.json)')
    p.add_argument('--alphas', default='0.5,0.7,0.85,1')
    p.add_argument('--dev-limit', type=int, default=3000, help='the first N examples of the dev slice')
    p.add_argument('--save', type=float, help='write this mix as <save-dir>/model.pt')
    p.add_argument('--save-dir')
    p.add_argument('--threads', type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    with open(os.path.join(args.run, 'report.json')) as f:
        report = json.load(f)
    targs = report['args']
    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    frozen = AutoModel.from_pretrained(base, attn_implementation='eager').eval()
    base_state = frozen.state_dict()
    ft_state = torch.load(os.path.join(args.run, 'model.pt'), map_location='cpu')
    model = TweetEncoder(AutoModel.from_pretrained(base, attn_implementation='eager')).eval()
    if args.save is not None:
        model.load_state_dict(mix(base_state, ft_state, args.save))
        os.makedirs(args.save_dir, exist_ok=True)
        torch.save(model.state_dict(), os.path.join(args.save_dir, 'model.pt'))
        print(f'saved alpha {args.save} -> {args.save_dir}/model.pt')
        return
    _, dev = split_dev(read_tsv(args.data), targs['dev_size'], targs['seed'])
    dev = dev[:args.dev_limit]
    gold = np.asarray([y for _, y in dev])
    refs = pooled_embeddings(frozen, tokenizer, [t for t, _ in dev], targs['max_len'])
    for alpha in [float(a) for a in args.alphas.split(',')]:
        model.load_state_dict(mix(base_state, ft_state, alpha))
        logits, emb = predict(model, tokenizer, dev, targs['max_len'])
        rules = choose_bias(gold, logits, report['trainPrior'])
        print(json.dumps({'alpha': alpha, 'devCosToFrozen': round(float((emb * refs).sum(1).mean()), 4),
                          'devForcedChoice': round(forced_choice(gold, logits), 4),
                          'argmax': rules['argmax']['devMacroRecall'], 'prior': rules['prior']}), flush=True)


if __name__ == '__main__':
    sys.exit(main())
