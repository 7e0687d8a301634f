"""A GPT in GPT-2 / nanoGPT naming that computes exactly what ParityGpt computes, for loading through a name map.

    /usr/bin/python3 tests/parity/gpt2_names.py [--out FILE]
    /usr/bin/python3 tests/parity/gpt2_names.py --check <checkpoint.safetensors> <inputs-and-expected.safetensors>

The first form writes fixtures/Gpt2Named.safetensors: the module's own ``state_dict()`` (``wte``, ``wpe``,
``h.{i}.ln_1``, ``h.{i}.attn.c_attn`` and ``c_proj`` as GPT-2's Conv1D weights stored (in, out),
``h.{i}.ln_2``, ``h.{i}.mlp.c_fc`` and ``c_proj``, ``ln_f``, and ``lm_head.weight`` tied to
``wte.weight``, so the state dict lists both), a batch of token ids as ``input.tokens`` (I64) and the
module's output as ``output.logits``. Before writing it checks that ParityGpt from attentiongen_models.py,
given the same weights renamed and transposed, computes the same logits.

The second form loads a checkpoint written in GPT-2 naming (by AttentionGen's SaveWeights with a name map)
strictly into the module, runs ``input.tokens`` of the second file and compares with its ``output.logits``,
1e-4 relative + 1e-5 absolute. Exit code: 0 match, 1 mismatch, 2 a file is missing or malformed.
"""

import argparse
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import attentiongen_models as models  # noqa: E402
import safetensors_io  # noqa: E402

SEED = 2001
BATCH, SEQ = 3, 11
RTOL, ATOL = 1e-4, 1e-5
MATCH, MISMATCH, MALFORMED = 0, 1, 2

# ParityGpt's dimensions: [Model(Vocab = 40, MaxSeq = 16)] [Embed(16)] [Encoder(2, Heads = 2, FeedForward = 64)].
VOCAB, MAX_SEQ, WIDTH, LAYERS, HEADS, FEED_FORWARD = 40, 16, 16, 2, 2, 64


class Conv1D(nn.Module):
    """GPT-2's linear layer: ``x @ weight + bias`` with the weight stored (in, out), the transpose of nn.Linear's."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_in, n_out))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias


class CausalSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_attn = Conv1D(WIDTH, 3 * WIDTH)
        self.c_proj = Conv1D(WIDTH, WIDTH)
        # GPT-2 keeps its causal mask as a buffer; not persistent, so the state dict is parameters only.
        mask = torch.tril(torch.ones(MAX_SEQ, MAX_SEQ, dtype=torch.bool))
        self.register_buffer("bias", mask.view(1, 1, MAX_SEQ, MAX_SEQ), persistent=False)

    def forward(self, x):
        batch, seq, width = x.shape
        q, k, v = self.c_attn(x).split(width, dim=2)
        heads = [t.view(batch, seq, HEADS, width // HEADS).transpose(1, 2) for t in (q, k, v)]
        q, k, v = heads
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(k.size(-1))
        scores = scores.masked_fill(~self.bias[:, :, :seq, :seq], float("-inf"))
        y = F.softmax(scores, dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).reshape(batch, seq, width))


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_fc = Conv1D(WIDTH, FEED_FORWARD)
        self.c_proj = Conv1D(FEED_FORWARD, WIDTH)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))  # GPT-2's "gelu_new"


class Block(nn.Module):
    """Pre-norm: x + attn(ln_1(x)), then x + mlp(ln_2(x))."""

    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(WIDTH, eps=1e-5)
        self.attn = CausalSelfAttention()
        self.ln_2 = nn.LayerNorm(WIDTH, eps=1e-5)
        self.mlp = Mlp()

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Gpt2(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, WIDTH)
        self.wpe = nn.Embedding(MAX_SEQ, WIDTH)
        self.h = nn.ModuleList([Block() for _ in range(LAYERS)])
        self.ln_f = nn.LayerNorm(WIDTH, eps=1e-5)
        self.lm_head = nn.Linear(WIDTH, VOCAB, bias=False)
        self.lm_head.weight = self.wte.weight  # tied: state_dict() lists it as wte.weight and as lm_head.weight

    def forward(self, tokens):
        x = self.wte(tokens) + self.wpe(torch.arange(tokens.size(1)))
        for block in self.h:
            x = block(x)
        return self.lm_head(self.ln_f(x))


def randomize(module, g):
    """Every weight drawn, biases and LayerNorm parameters included, so a mix-up of any two shows in the logits."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            is_norm = name.split(".")[-2].startswith("ln_")
            if is_norm and name.endswith(".weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=g))
            elif p.dim() == 1:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.3 * torch.randn(p.shape, generator=g))


# GPT-2 name -> (ParityGpt name, stored transposed). The head is the embedding, so it has no name of its own.
def to_attentiongen(name):
    parts = name.split(".")
    if name == "lm_head.weight":
        return None
    fixed = {"wte.weight": "embed.weight", "wpe.weight": "pos_embed.weight", "ln_f.weight": "norm.weight", "ln_f.bias": "norm.bias"}
    if name in fixed:
        return fixed[name], False
    layer, module, rest = parts[1], ".".join(parts[2:-1]), parts[-1]
    prefix = f"encoder.layers.{layer}."
    renamed = {
        ("ln_1", "weight"): "norm1.weight", ("ln_1", "bias"): "norm1.bias",
        ("ln_2", "weight"): "norm2.weight", ("ln_2", "bias"): "norm2.bias",
        ("attn.c_attn", "weight"): "self_attn.in_proj_weight", ("attn.c_attn", "bias"): "self_attn.in_proj_bias",
        ("attn.c_proj", "weight"): "self_attn.out_proj.weight", ("attn.c_proj", "bias"): "self_attn.out_proj.bias",
        ("mlp.c_fc", "weight"): "linear1.weight", ("mlp.c_fc", "bias"): "linear1.bias",
        ("mlp.c_proj", "weight"): "linear2.weight", ("mlp.c_proj", "bias"): "linear2.bias",
    }[(module, rest)]
    return prefix + renamed, rest == "weight" and module.split(".")[-1].startswith("c_")


def check_same_function(gpt2, tokens, logits):
    """ParityGpt with the same weights, renamed and transposed, gives the same logits."""
    parity = models.build("ParityGpt")
    state = {}
    for name, value in gpt2.state_dict().items():
        mapped = to_attentiongen(name)
        if mapped is not None:
            state[mapped[0]] = value.t().contiguous() if mapped[1] else value
    parity.load_state_dict(state, strict=True)
    lengths = torch.full((tokens.size(0),), tokens.size(1), dtype=torch.int64)
    with torch.no_grad():
        other = parity(tokens, lengths)
    if not torch.allclose(other, logits, rtol=RTOL, atol=ATOL):
        raise SystemExit(f"ParityGpt and the GPT-2-named module differ: max |difference| {(other - logits).abs().max():.3e}")
    return float((other - logits).abs().max())


def write(path):
    torch.manual_seed(SEED)
    gpt2 = Gpt2().train()
    randomize(gpt2, torch.Generator().manual_seed(SEED))
    tokens = torch.randint(0, VOCAB, (BATCH, SEQ), generator=torch.Generator().manual_seed(SEED + 1), dtype=torch.int64)
    with torch.no_grad():
        logits = gpt2(tokens)
    difference = check_same_function(gpt2, tokens, logits)

    tensors = {key: value.detach().clone() for key, value in gpt2.state_dict().items()}
    assert "lm_head.weight" in tensors and "wte.weight" in tensors
    tensors["input.tokens"] = tokens
    tensors["output.logits"] = logits
    metadata = {"format": "pt", "config": "Gpt2Named", "model": "ParityGpt", "seed": str(SEED), "torch_version": torch.__version__}
    safetensors_io.save(path, tensors, metadata)
    print(f"Gpt2Named: {os.path.getsize(path):,} bytes, state dict of {len(gpt2.state_dict())} tensors, "
          f"logits {tuple(logits.shape)}; ParityGpt with the renamed weights is within {difference:.2e}")


def check(checkpoint_path, inputs_path):
    import numpy as np
    try:
        checkpoint, _ = safetensors_io.load(checkpoint_path)
        inputs, _ = safetensors_io.load(inputs_path)
    except (OSError, safetensors_io.SafetensorsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return MALFORMED
    gpt2 = Gpt2().train()
    try:
        # strict: every name of the module's own state dict, wte.weight and lm_head.weight both, nothing else.
        gpt2.load_state_dict({key: torch.from_numpy(np.array(value)) for key, value in checkpoint.items()}, strict=True)
    except RuntimeError as e:
        print(f"error: the checkpoint does not load into the GPT-2-named module: {e}", file=sys.stderr)
        return MALFORMED
    if not torch.equal(gpt2.wte.weight, torch.from_numpy(np.array(checkpoint["lm_head.weight"]))):
        print("error: lm_head.weight differs from wte.weight; a tied head must be the embedding", file=sys.stderr)
        return MALFORMED
    with torch.no_grad():
        actual = gpt2(torch.from_numpy(np.array(inputs["input.tokens"])).to(torch.int64))
    expected = torch.from_numpy(np.array(inputs["output.logits"])).reshape(actual.shape)
    difference = (actual - expected).abs().max().item()
    print(f"Gpt2Named: {actual.numel()} outputs, max |difference| {difference:.3e} (tolerance {RTOL:g} relative + {ATOL:g} absolute)")
    if not torch.allclose(actual, expected, rtol=RTOL, atol=ATOL):
        print("MISMATCH")
        return MISMATCH
    print("match")
    return MATCH


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, "fixtures", "Gpt2Named.safetensors"), help="fixture to write")
    parser.add_argument("--check", nargs=2, metavar=("CHECKPOINT", "INPUTS"), help="check a GPT-2-named checkpoint instead")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    if args.check:
        return check(*args.check)
    write(args.out)
    return MATCH


if __name__ == "__main__":
    sys.exit(main())
