#!/usr/bin/python3
"""The PyTorch peer of the side-by-side benchmark (bench/README.md): the speed issue's workloads W1-W4 built as
plain PyTorch modules with the same shapes, parameter names and (given the native model's safetensors file) the
same weights as the generated TorchSharp modules, plus the linear products of the GEMM rows.

Written for Debian's PyTorch 1.13 (/usr/bin/python3): no fused attention there, so nn.MultiheadAttention and
nn.TransformerEncoderLayer (with their own inference fast path) are the best PyTorch offers. OpenBLAS reads
OPENBLAS_NUM_THREADS (and OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE) when the process starts, so the runner starts
one process per OpenBLAS thread count, with those two variables removed; torch's own thread count is set per call.

  pytorch_peer.py run [--only TEXT] [--rounds R] [--calls C] [--warmup W] [--threads 1,2] [--weights-dir DIR]
      Times every row (or those whose name contains TEXT) on each torch thread count and prints one JSON object:
      per row, per thread count, the median in ms. OPENBLAS_NUM_THREADS is whatever the environment says.
  pytorch_peer.py serve
      The runner's protocol: one JSON request per line on stdin, one JSON answer per line on stdout.
      {"op": "info"} | {"op": "build", "case": NAME, "weights": PATH or null} | {"op": "free"}
      | {"op": "time", "row": NAME, "threads": T, "calls": N} -> {"times_ms": [...]}
  pytorch_peer.py memory ROW CALLS THREADS [WEIGHTS]
      Builds the row's case alone, runs the row CALLS times and prints {"peak_bytes": VmHWM, "base_bytes": VmRSS
      once torch is imported}.
"""

import argparse
import ctypes
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LEARNING_RATE = 1e-4  # AdamW with PyTorch's other defaults (weight decay 0.01), as both .NET sides use


# ---------------------------------------------------------------------------------------------------------------------
# Models: attribute names follow the generated TorchSharp modules, so the state-dict names are the native ones.

class Encoder(nn.Module):
    """encoder.layers.{i}: nn.TransformerEncoderLayer blocks, batch first, dropout 0."""

    def __init__(self, layers, width, heads, feed_forward, activation, norm_first):
        super().__init__()
        self.layers = nn.ModuleList(
            nn.TransformerEncoderLayer(width, heads, feed_forward, dropout=0.0, activation=activation,
                                       batch_first=True, norm_first=norm_first)
            for _ in range(layers))

    def forward(self, x, mask):
        for layer in self.layers:
            x = layer(x, src_mask=mask)
        return x


def sinusoidal(max_seq, width):
    position = torch.arange(max_seq, dtype=torch.float32).unsqueeze(1)
    frequency = torch.exp(torch.arange(0, width, 2, dtype=torch.float32) * (-math.log(10000.0) / width))
    table = torch.zeros(max_seq, width)
    table[:, 0::2] = torch.sin(position * frequency)
    table[:, 1::2] = torch.cos(position * frequency)
    return table


def causal_mask(seq):
    """PyTorch 1.13 has no is_causal: an additive mask with -inf above the diagonal."""
    return torch.triu(torch.full((seq, seq), float("-inf")), diagonal=1)


class W1Classifier(nn.Module):
    """Vocab 8000, width 128, 2 post-norm ReLU blocks of 8 heads and 512 feed-forward, sinusoidal positions, mean pooling, 2 classes."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(8000, 128)
        self.register_buffer("positions", sinusoidal(128, 128), persistent=False)
        self.encoder = Encoder(2, 128, 8, 512, "relu", norm_first=False)
        self.dense = nn.Linear(128, 2)

    def forward(self, tokens):
        x = self.embed(tokens) + self.positions[: tokens.shape[1]]
        return self.dense(self.encoder(x, None).mean(1))


class Gpt(nn.Module):
    """Pre-norm causal GPT with learned positions and a head tied to the embedding (W2, W4)."""

    def __init__(self, vocab, max_seq, width, heads, layers, activation):
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.pos_embed = nn.Embedding(max_seq, width)
        self.encoder = Encoder(layers, width, heads, 4 * width, activation, norm_first=True)
        self.norm = nn.LayerNorm(width)
        self.register_buffer("mask", causal_mask(max_seq), persistent=False)

    def forward(self, tokens):
        seq = tokens.shape[1]
        x = self.embed(tokens) + self.pos_embed.weight[:seq]
        x = self.norm(self.encoder(x, self.mask[:seq, :seq]))
        return F.linear(x, self.embed.weight)


def gelu_tanh(x):
    return F.gelu(x, approximate="tanh")


class W3Attention(nn.Module):
    """One nn.MultiheadAttention layer, self-attention with its projections; causal through an additive mask."""

    def __init__(self, width, heads, max_seq, causal):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(width, heads, dropout=0.0, batch_first=True)
        self.causal = causal
        if causal:
            self.register_buffer("mask", causal_mask(max_seq), persistent=False)

    def forward(self, x):
        seq = x.shape[1]
        mask = self.mask[:seq, :seq] if self.causal else None
        return self.self_attn(x, x, x, need_weights=False, attn_mask=mask)[0]


# ---------------------------------------------------------------------------------------------------------------------
# Weights: the native model's safetensors file, read without the safetensors package (Debian has none).

def read_safetensors(path):
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}, not F32")
        begin, end = info["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(info["shape"])
    return tensors


def load_weights(module, path):
    if path is None:
        return
    weights = read_safetensors(path)
    expected = dict(module.named_parameters())
    missing = sorted(set(expected) - set(weights))
    unknown = sorted(set(weights) - set(expected))
    if missing or unknown:
        raise ValueError(f"{path} does not fit the PyTorch module: missing {missing}, not in the module {unknown}")
    with torch.no_grad():
        for name, parameter in expected.items():
            if tuple(parameter.shape) != tuple(weights[name].shape):
                raise ValueError(f"{path}: {name} is {tuple(weights[name].shape)}, the module's is {tuple(parameter.shape)}")
            parameter.copy_(weights[name])


# ---------------------------------------------------------------------------------------------------------------------
# Cases: name -> {row name: callable}. Inputs have the native side's shapes and distributions, drawn here.

def token_case(name, module, batch, seq, vocab, classes, per_position, weights):
    load_weights(module, weights)
    generator = torch.Generator().manual_seed(1)
    tokens = torch.randint(0, vocab, (batch, seq), generator=generator)
    targets = (torch.randint(0, classes, (batch * seq,), generator=generator) if per_position
               else torch.arange(batch) % classes)
    optimizer = torch.optim.AdamW(module.parameters(), lr=LEARNING_RATE)

    def forward():
        module.eval()
        with torch.no_grad():
            module(tokens)
        module.train()

    def step():
        optimizer.zero_grad()
        F.cross_entropy(module(tokens).reshape(-1, classes), targets).backward()
        optimizer.step()

    return {f"{name} forward": forward, f"{name} training step": step}


def attention_case(name, batch, seq, causal, weights):
    width = 512
    module = W3Attention(width, 8, seq, causal)
    load_weights(module, weights)
    generator = torch.Generator().manual_seed(5)
    x = torch.rand(batch, seq, width, generator=generator) * 2 - 1
    upstream = torch.rand(batch, seq, width, generator=generator) * 2 - 1

    def forward():
        module.eval()
        with torch.no_grad():
            module(x)
        module.train()

    def forward_backward():
        module.zero_grad()
        (module(x) * upstream).sum().backward()

    return {f"{name} forward": forward, f"{name} forward + backward": forward_backward}


def gemm_case(rows, inputs, outputs):
    """The linear layer's products as the native runner times them: y = x·Wᵀ + b; dx += dy·W, dW += dyᵀ·x, db += Σ dy."""
    generator = torch.Generator().manual_seed(rows)

    def uniform(*shape):
        return (torch.rand(*shape, generator=generator) - 0.5) * 0.01

    x, w, b, y = uniform(rows, inputs), uniform(outputs, inputs), uniform(outputs), uniform(rows, outputs)
    dy, dx, dw, db = uniform(rows, outputs), uniform(rows, inputs), uniform(outputs, inputs), uniform(outputs)

    def forward():
        torch.addmm(b, x, w.t(), out=y)

    def backward():
        dx.addmm_(dy, w)
        dw.addmm_(dy.t(), x)
        db.add_(dy.sum(0))

    name = f"GEMM {rows}×{inputs}×{outputs}"
    return {f"{name} forward": forward, f"{name} backward": backward}


GEMM_SHAPES = [(1024, 1024, 1024), (4096, 128, 384), (2048, 192, 768), (2048, 768, 192)]


def cases():
    """Case name -> builder(weights path or None) -> {row: call}; the names are the .NET runner's."""
    table = {
        "W1": lambda w: token_case("W1", W1Classifier(), 32, 128, 8000, 2, False, w),
        "W2": lambda w: token_case("W2", Gpt(65, 128, 192, 6, 4, "gelu"), 16, 128, 65, 65, True, w),
        "W3 attention": lambda w: attention_case("W3 attention", 8, 512, False, w),
        "W3 causal attention": lambda w: attention_case("W3 causal attention", 8, 512, True, w),
        "W3 attention 4096": lambda w: attention_case("W3 attention 4096", 1, 4096, False, w),
        "W3 causal attention 4096": lambda w: attention_case("W3 causal attention 4096", 1, 4096, True, w),
        "W4": lambda w: token_case("W4", Gpt(50257, 256, 768, 12, 12, gelu_tanh), 4, 256, 50257, 50257, True, w),
    }
    for shape in GEMM_SHAPES:
        table["GEMM %d×%d×%d" % shape] = lambda w, s=shape: gemm_case(*s)
    return table


def case_of_row(row):
    for name, build in cases().items():
        prefix = name + " "
        if row.startswith(prefix) and row[len(prefix):] in ("forward", "training step", "forward + backward", "backward"):
            return name, build
    raise SystemExit(f"pytorch_peer.py: no case has a row named '{row}'")


def time_calls(call, calls):
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# ---------------------------------------------------------------------------------------------------------------------
# Commands

def info():
    """Versions and the BLAS PyTorch calls, with the kernel set OpenBLAS chose for this CPU."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))  # maps the BLAS library
    blas = sorted({line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line and line.rstrip().endswith(".so")})
    core, blas_threads = "unknown", None
    for library in blas:
        try:
            handle = ctypes.CDLL(library)
            handle.openblas_get_corename.restype = ctypes.c_char_p
            core, blas_threads = handle.openblas_get_corename().decode(), handle.openblas_get_num_threads()
            break
        except (OSError, AttributeError):
            continue
    return {"torch": torch.__version__, "python": sys.version.split()[0], "blas": blas, "openblas_core": core,
            "openblas_threads": blas_threads,
            "openblas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}}


def serve():
    rows = {}
    for line in sys.stdin:
        request = json.loads(line)
        try:
            op = request["op"]
            if op == "info":
                answer = info()
            elif op == "build":
                rows = {}
                rows = cases()[request["case"]](request.get("weights"))
                answer = {"rows": list(rows)}
            elif op == "free":
                rows = {}
                answer = {}
            elif op == "time":
                torch.set_num_threads(int(request["threads"]))
                answer = {"times_ms": time_calls(rows[request["row"]], int(request["calls"]))}
            else:
                raise ValueError(f"unknown op '{op}'")
        except Exception as error:  # the runner prints it and stops; the peer stays a clean line protocol
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


def run(args):
    threads = [int(t) for t in args.threads.split(",")]
    result = {"info": info(), "rounds": args.rounds, "calls": args.calls, "warmup": args.warmup, "rows": {}}
    for name, build in cases().items():
        weights = os.path.join(args.weights_dir, f"{name}.safetensors") if args.weights_dir else None
        rows = {row: call for row, call in build(weights).items() if args.only in row}
        for row, call in rows.items():
            for t in threads:
                torch.set_num_threads(t)
                time_calls(call, args.warmup)
            times = {t: [] for t in threads}
            for _ in range(args.rounds):
                for t in threads:
                    torch.set_num_threads(t)
                    times[t] += time_calls(call, args.calls)
            result["rows"][row] = {str(t): median(times[t]) for t in threads}
            print(f"{row}: " + ", ".join(f"{median(times[t]):.1f} ms on {t} thread(s)" for t in threads), file=sys.stderr, flush=True)
    print(json.dumps(result, indent=1))


def status_bytes(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/self/status has no {field}")


def memory(row, calls, threads, weights):
    torch.set_num_threads(threads)
    base = status_bytes("VmRSS")
    _, build = case_of_row(row)
    call = build(weights)[row]
    for _ in range(calls):
        call()
    print(json.dumps({"peak_bytes": status_bytes("VmHWM"), "base_bytes": base}))


def main():
    parser = argparse.ArgumentParser(description="The PyTorch peer of AttentionGen's side-by-side benchmark.")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="time every row and print the medians as JSON")
    run_parser.add_argument("--only", default="", help="keep the rows whose name contains this text")
    run_parser.add_argument("--rounds", type=int, default=3)
    run_parser.add_argument("--calls", type=int, default=10)
    run_parser.add_argument("--warmup", type=int, default=3)
    run_parser.add_argument("--threads", default="1,2", help="torch thread counts, comma-separated")
    run_parser.add_argument("--weights-dir", default=None, help="a folder of <case>.safetensors written by the native models")
    commands.add_parser("serve", help="the runner's line protocol on stdin/stdout")
    memory_parser = commands.add_parser("memory", help="peak resident set of one row's case")
    memory_parser.add_argument("row")
    memory_parser.add_argument("calls", type=int)
    memory_parser.add_argument("threads", type=int)
    memory_parser.add_argument("weights", nargs="?", default=None)
    args = parser.parse_args()
    if args.command == "run":
        for name, least in (("rounds", 1), ("calls", 1), ("warmup", 0)):
            if getattr(args, name) < least:
                parser.error(f"--{name} must be at least {least}, not {getattr(args, name)}")
    if args.command == "memory" and args.calls < 1:
        parser.error(f"calls must be at least 1, not {args.calls}")
    if args.command == "serve":
        serve()
    elif args.command == "run":
        run(args)
    else:
        memory(args.row, args.calls, args.threads, args.weights)


if __name__ == "__main__":
    main()
