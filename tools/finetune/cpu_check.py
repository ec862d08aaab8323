"""Does an int8 graph give the same outputs on every x86 CPU?

onnxruntime multiplies a graph's uint8 activations by its int8 weights with VNNI (exact int32 sums)
where the CPU has it, and otherwise with VPMADDUBSW, which adds each pair of adjacent products into
a saturating int16: a pair over 32767 is clipped. Weights in the full int8 range can reach
2 x 255 x 127 = 64770 and saturate; 7-bit weights (export.py's default, onnxruntime's reduce_range)
reach at most 2 x 255 x 64 = 32640 and cannot. This tool runs the graph on the first --posts posts of
a JSONL file twice with onnx's reference evaluator, MatMulInteger exact and saturated, and prints how
many pair sums saturated and how far the outputs move (embedding cosine, largest logit change): the
difference between the two kinds of CPU, measured on any one machine.

  python tools/finetune/cpu_check.py src/nlp/heads/minilm-tweet-q.onnx [--texts test/fixtures/topics-labeled.jsonl]
"""
import argparse
import json
import sys

import numpy as np
import onnx
from onnx.reference import ReferenceEvaluator
from onnx.reference.op_run import OpRun
from tokenizers import Tokenizer

saturated = {'pairs': 0, 'total': 0}


class MatMulInteger(OpRun):
    """MatMulInteger as VPMADDUBSW computes it: adjacent u8 x s8 products summed in a saturating int16."""

    op_domain = ''

    def _run(self, A, B, a_zero_point=None, b_zero_point=None):
        if b_zero_point is not None and np.any(b_zero_point):
            raise SystemExit('weights with a zero point are not symmetric int8: not what export.py writes')
        a = A.astype(np.int32).reshape(-1, A.shape[-1])
        b = B.astype(np.int32)
        k = a.shape[1] - a.shape[1] % 2
        out = np.empty((a.shape[0], b.shape[1]), dtype=np.int64)
        for r in range(0, a.shape[0], 32):
            rows = a[r:r + 32]
            pairs = rows[:, 0:k:2, None] * b[None, 0:k:2, :] + rows[:, 1:k:2, None] * b[None, 1:k:2, :]
            saturated['pairs'] += int(np.count_nonzero((pairs > 32767) | (pairs < -32768)))
            saturated['total'] += pairs.size
            acc = np.clip(pairs, -32768, 32767).sum(1, dtype=np.int64)
            if k < a.shape[1]:
                acc += rows[:, k:] @ b[k:]
            out[r:r + 32] = acc
        # The activations' zero point is taken off afterwards, exactly (sum of the weights' column).
        zero = np.int64(a_zero_point) if a_zero_point is not None else 0
        out -= zero * b.sum(0, dtype=np.int64)[None, :]
        return (out.reshape(*A.shape[:-1], b.shape[1]).astype(np.int32),)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('graph', help='an int8 ONNX graph with MatMulInteger nodes (export.py output)')
    p.add_argument('--texts', default='test/fixtures/topics-labeled.jsonl', help='JSONL with a "text" field')
    p.add_argument('--posts', type=int, default=32, help='how many of its posts, in one batch')
    p.add_argument('--tokenizer', default='models/minilm-tweet-q/tokenizer.json')
    args = p.parse_args()
    model = onnx.load(args.graph)
    weights = {i.name: onnx.numpy_helper.to_array(i) for i in model.graph.initializer}
    ranges = [weights[n.input[1]] for n in model.graph.node if n.op_type == 'MatMulInteger' and n.input[1] in weights]
    print(f'{args.graph}: {len(ranges)} int8 weight matrices, values in [{min(int(w.min()) for w in ranges)}, '
          f'{max(int(w.max()) for w in ranges)}]')
    for opset in model.opset_import:  # the reference evaluator implements DequantizeLinear from opset 19
        if opset.domain in ('', 'ai.onnx'):
            opset.version = max(opset.version, 19)
    tokenizer = Tokenizer.from_file(args.tokenizer)
    tokenizer.enable_padding()
    tokenizer.enable_truncation(128)
    with open(args.texts, encoding='utf8') as f:
        texts = [json.loads(line)['text'] for line in f if line.strip()][:args.posts]
    enc = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in enc], dtype=np.int64)
    feeds = {'input_ids': ids, 'attention_mask': np.array([e.attention_mask for e in enc], dtype=np.int64),
             'token_type_ids': np.zeros_like(ids)}
    exact = ReferenceEvaluator(model).run(None, feeds)
    sat = ReferenceEvaluator(model, new_ops=[MatMulInteger]).run(None, feeds)
    e, s = exact[1], sat[1]
    cos = (e * s).sum(1) / np.linalg.norm(e, axis=1) / np.linalg.norm(s, axis=1)
    print(f'{len(texts)} posts: {saturated["pairs"]} of {saturated["total"]} pair sums saturate without VNNI '
          f'({100 * saturated["pairs"] / saturated["total"]:.4f}%); embedding cosine exact vs saturated: min {cos.min():.5f}, '
          f'mean {cos.mean():.5f}; largest logit change {np.abs(exact[0] - sat[0]).max():.4f}; '
          f'argmax agreement {np.mean(exact[0].argmax(1) == sat[0].argmax(1)):.2f}')


if __name__ == '__main__':
    sys.exit(main())
