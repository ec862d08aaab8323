"""Map the fine-tuned graph's pooled embedding back towards the base model's, for topic prototypes.

Fine-tuning for sentiment moves the pooled embedding away from all-MiniLM-L6-v2's, which the topic
prototypes were written for (docs/models.md: ~1 point of topic top-1). The sentiment head reads the
pooled vector inside the graph, so the two outputs can part after it: this tool fits one affine map
(ridge least squares) from features the graph already computes to the frozen base model's embedding,
on the training tweets (unlabelled use; the dev slice of train.py, same seed, is held out to pick the
ridge and the features and to report how close the map gets), and with --write appends it to the
graph: sentence_embedding = normalize([pooled, mean-pooled layer outputs...] W + b).

The features: the graph's own sentence_embedding, plus (--layers) the masked mean of the hidden states
after the named layers ('emb' for the embedding layer, 0-5 for the transformer layers). The layers
below --freeze-layers are identical to the base model's, and every layer keeps information the last
one lost while fine-tuning. The logits are untouched (same nodes, same values), the graph still does
one forward pass, and the map costs (1 + len(layers)) x 384 x 384 multiply-adds per post (well under
1% of the model).

  python tools/finetune/align.py --graph /work/ft-out/run6-mix0.9/model_quantized.onnx \\
      --data ../shared/data/semeval-2013-2016/train.tsv --out /work/align-out \\
      [--layers ',emb:0,emb:0:1:2:3:4'] [--write src/nlp/heads/minilm-tweet-q.onnx]

The committed 1.3.0 map is the default (the pooled output alone; docs/models.md says why).
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper
from onnxruntime import InferenceSession, SessionOptions
from tokenizers import Tokenizer
from transformers import AutoModel, AutoTokenizer

sys.path.insert(0, os.path.dirname(__file__))
from train import base_model_dir, pooled_embeddings, read_tsv, split_dev  # noqa: E402

OUTPUT = 'sentence_embedding'
FINETUNED = OUTPUT + '_finetuned'
# The export's masked mean pooling (export.py, torch.onnx): hidden * mask, summed over tokens, / the
# clipped token count. These are its tensor names, checked in layer_pooling().
MASK = '/Cast_output_0'
TOKEN_AXIS = 'onnx::ReduceSum_669'
COUNT = '/Clip_output_0'


def layer_tensor(layer):
    if layer == 'emb':
        return '/bert/embeddings/LayerNorm/LayerNormalization_output_0'
    return f'/bert/encoder/layer.{int(layer)}/output/LayerNorm/LayerNormalization_output_0'


def layer_pooling(model, layers):
    """Adds nodes to model.graph that mean-pool each named layer as the export pools the last one;
    returns the pooled tensors' names."""
    g = model.graph
    produced = {o for node in g.node for o in node.output} | {i.name for i in g.initializer}
    missing = [t for t in [MASK, TOKEN_AXIS, COUNT] + [layer_tensor(l) for l in layers] if t not in produced]
    if missing:
        raise SystemExit(f'the graph lacks {missing}: was it made by tools/finetune/export.py?')
    names = []
    for layer in layers:
        tag = f'align_pool_{layer}'
        g.node.extend([
            helper.make_node('Mul', [layer_tensor(layer), MASK], [f'{tag}_masked'], name=f'{tag}_mask'),
            helper.make_node('ReduceSum', [f'{tag}_masked', TOKEN_AXIS], [f'{tag}_sum'], name=f'{tag}_sum', keepdims=0),
            helper.make_node('Div', [f'{tag}_sum', COUNT], [tag], name=f'{tag}_mean'),
        ])
        names.append(tag)
    return names


def feature_graph(graph, layers):
    """The graph as bytes, with the pooled layers as extra outputs (for reading the features)."""
    model = onnx.load(graph)
    for name in layer_pooling(model, layers):
        model.graph.output.append(helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    return model.SerializeToString()


def graph_features(graph, layers, tokenizer_file, texts, batch, threads):
    """{output name: [n, 384]} for sentence_embedding and each pooled layer, in length-sorted batches
    (as classify calls the graph), returned in input order."""
    opts = SessionOptions()
    opts.intra_op_num_threads = threads
    session = InferenceSession(feature_graph(graph, layers), opts, providers=['CPUExecutionProvider'])
    wanted = [OUTPUT] + [f'align_pool_{l}' for l in layers]
    tokenizer = Tokenizer.from_file(tokenizer_file)
    tokenizer.enable_truncation(128)
    encoded = tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
    out = {name: np.zeros((len(texts), 384), dtype=np.float32) for name in wanted}
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        width = max(len(encoded[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, i in enumerate(idx):
            n = len(encoded[i].ids)
            ids[r, :n] = encoded[i].ids
            mask[r, :n] = 1
        result = session.run(wanted, {'input_ids': ids, 'attention_mask': mask, 'token_type_ids': np.zeros_like(ids)})
        for name, value in zip(wanted, result):
            out[name][idx] = value
    return out


def base_embeddings(texts, batch, threads):
    """all-MiniLM-L6-v2 in fp32 PyTorch, mean-pooled and normalised: the space the prototypes were written for."""
    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
    model = AutoModel.from_pretrained(base_model_dir()).eval()
    return pooled_embeddings(model, tokenizer, texts, 128, batch)


def cached(path, make):
    """np.load(path) when an earlier run saved it, else make() saved there."""
    if os.path.exists(path):
        print(f'  from {path}', flush=True)
        return dict(np.load(path))
    t0 = time.time()
    arrays = make()
    np.savez(path, **arrays)
    print(f'  {time.time() - t0:.0f} s', flush=True)
    return arrays


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def fit(x, y, ridge):
    """Affine ridge regression y ~ x W + b (the bias not penalised); returns (W [d, 384], b [384])."""
    xa = np.hstack([x, np.ones((len(x), 1), dtype=x.dtype)]).astype(np.float64)
    gram = xa.T @ xa
    penalty = ridge * np.eye(gram.shape[0])
    penalty[-1, -1] = 0
    wb = np.linalg.solve(gram + penalty, xa.T @ y.astype(np.float64))
    return wb[:-1].astype(np.float32), wb[-1].astype(np.float32)


def mean_cos(a, b):
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return float((a * b).sum(1).mean())


def append_map(graph, layers, w, b, target):
    """The graph with its sentence_embedding replaced by normalize(concat(pooled, layers) W + b); the rest as it was."""
    model = onnx.load(graph)
    g = model.graph
    for node in g.node:
        node.output[:] = [FINETUNED if o == OUTPUT else o for o in node.output]
        node.input[:] = [FINETUNED if i == OUTPUT else i for i in node.input]
    pooled = layer_pooling(model, layers)
    g.initializer.extend([numpy_helper.from_array(w, 'align_W'), numpy_helper.from_array(b, 'align_b'),
                          numpy_helper.from_array(np.array([1e-12], dtype=np.float32), 'align_eps')])
    if pooled:
        g.node.append(helper.make_node('Concat', [FINETUNED, *pooled], ['align_x'], name='align_concat', axis=1))
    g.node.extend([
        helper.make_node('MatMul', ['align_x' if pooled else FINETUNED, 'align_W'], ['align_xw'], name='align_matmul'),
        helper.make_node('Add', ['align_xw', 'align_b'], ['align_y'], name='align_add'),
        helper.make_node('ReduceL2', ['align_y'], ['align_norm'], name='align_norm', axes=[1], keepdims=1),
        helper.make_node('Max', ['align_norm', 'align_eps'], ['align_norm_eps'], name='align_clamp'),
        helper.make_node('Div', ['align_y', 'align_norm_eps'], [OUTPUT], name='align_normalize'),
    ])
    opset = next(o.version for o in model.opset_import if o.domain in ('', 'ai.onnx'))
    if opset >= 18:  # ReduceL2 takes its axes as an input from opset 18
        raise SystemExit(f'opset {opset}: the ReduceL2 node here is written for opset <= 17')
    onnx.checker.check_model(model)
    onnx.save(model, target)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--graph', required=True, help="the exported int8 graph without a map (export.py's model_quantized.onnx)")
    p.add_argument('--tokenizer', default='models/minilm-tweet-q/tokenizer.json', help='the tokenizer classify uses')
    p.add_argument('--data', required=True, help="train.py's training TSV (the texts only are used)")
    p.add_argument('--dev-size', type=int, default=3000, help="train.py's dev slice (same split, same seed): held out here")
    p.add_argument('--seed', type=int, default=13)
    p.add_argument('--limit', type=int, default=0, help='fit on the first N texts of the training part (0 = all)')
    p.add_argument('--layers', default='', help="comma-separated feature sets to try, each ':'-separated layers "
                   "(e.g. ',emb:0,emb:0:1:2:3:4'; '' = the pooled output alone); the best dev cosine is kept")
    p.add_argument('--ridge', default='0.01,0.1,1,10', help='ridge strengths to try; the best dev cosine is kept')
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--out', required=True, help='folder for the report and cached embeddings (outside the repository)')
    p.add_argument('--write', help='write the graph with the chosen map appended here')
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    train, dev = split_dev(read_tsv(args.data), args.dev_size, args.seed)
    if args.limit:
        train = train[:args.limit]
    fit_texts, dev_texts = [t for t, _ in train], [t for t, _ in dev]
    candidates = [[l for l in c.split(':') if l] for c in args.layers.split(',')]
    every = sorted({l for c in candidates for l in c}, key=lambda l: -1 if l == 'emb' else int(l))

    print(f'base model on {len(fit_texts)} + {len(dev_texts)} texts ...', flush=True)
    base = cached(os.path.join(args.out, f'base-{len(fit_texts)}-{len(dev_texts)}-{args.seed}.npz'), lambda: {
        'fit': base_embeddings(fit_texts, args.batch, args.threads), 'dev': base_embeddings(dev_texts, args.batch, args.threads)})
    print(f'graph features ({", ".join(every) or "pooled only"}) ...', flush=True)
    tag = f'features-{digest(args.graph)}-{"_".join(every)}-{len(fit_texts)}-{len(dev_texts)}-{args.seed}.npz'

    def features():
        f = graph_features(args.graph, every, args.tokenizer, fit_texts, args.batch, args.threads)
        d = graph_features(args.graph, every, args.tokenizer, dev_texts, args.batch, args.threads)
        return {**{f'fit:{k}': v for k, v in f.items()}, **{f'dev:{k}': v for k, v in d.items()}}

    feats = cached(os.path.join(args.out, tag), features)

    def x(split, layers):
        return np.hstack([feats[f'{split}:{OUTPUT}']] + [feats[f'{split}:align_pool_{l}'] for l in layers])

    report = {'graph': args.graph, 'fit_texts': len(fit_texts), 'dev_texts': len(dev_texts),
              'dev_cos_unmapped': mean_cos(feats[f'dev:{OUTPUT}'], base['dev']), 'fits': []}
    print(f'dev mean cosine to the base embedding: unmapped {report["dev_cos_unmapped"]:.4f}')
    best = None
    for layers in candidates:
        for ridge in (float(r) for r in args.ridge.split(',')):
            w, b = fit(x('fit', layers), base['fit'], ridge)
            cos = mean_cos(x('dev', layers) @ w + b, base['dev'])
            fit_cos = mean_cos(x('fit', layers) @ w + b, base['fit'])
            report['fits'].append({'layers': layers, 'ridge': ridge, 'dev_cos': cos, 'fit_cos': fit_cos})
            print(f'  layers [{":".join(layers) or "-"}] ridge {ridge:g}: dev {cos:.4f} (fit {fit_cos:.4f})', flush=True)
            if best is None or cos > best['dev_cos']:
                best = {'layers': layers, 'ridge': ridge, 'dev_cos': cos, 'w': w, 'b': b}
    report['chosen'] = {k: best[k] for k in ('layers', 'ridge', 'dev_cos')}
    print(f'chosen: layers [{":".join(best["layers"]) or "-"}], ridge {best["ridge"]:g}, dev cosine {best["dev_cos"]:.4f}')
    with open(os.path.join(args.out, 'align-report.json'), 'w') as f:
        json.dump(report, f, indent=2)
    if args.write:
        append_map(args.graph, best['layers'], best['w'], best['b'], args.write)
        check = graph_features(args.write, [], args.tokenizer, dev_texts[:256], args.batch, args.threads)[OUTPUT]
        print(f'wrote {args.write}; its sentence_embedding on 256 dev texts vs the base: {mean_cos(check, base["dev"][:256]):.4f} '
              f'(the map in numpy {mean_cos(x("dev", best["layers"])[:256] @ best["w"] + best["b"], base["dev"][:256]):.4f}; '
              f'unmapped {mean_cos(feats[f"dev:{OUTPUT}"][:256], base["dev"][:256]):.4f})')


if __name__ == '__main__':
    sys.exit(main())
