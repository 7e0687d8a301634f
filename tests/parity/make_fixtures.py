"""Writes tests/parity/fixtures/<Config>.safetensors for the five parity configurations, from PyTorch.

Run with Debian's interpreter, which has python3-torch:

    /usr/bin/python3 tests/parity/make_fixtures.py [--out DIR] [--check-generated auto|yes|no]

Each file holds the initial weights, a padded batch of inputs, the targets, the forward output, the
loss, every parameter's gradient, and the weights after three AdamW steps; README.md lists the
names. The script is deterministic: a rerun on the same machine writes the same bytes.
"""

import argparse
import glob
import os
import re
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import attentiongen_models as models  # noqa: E402
import safetensors_io  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
LR = 1e-2
STEPS = 3
IGNORE_INDEX = -100

# Per configuration: the seed (weights from torch.manual_seed(seed), data from a generator seeded
# seed + 1), the loss, the label smoothing, and the batch's padded lengths.
SPECS = {
    "ParityEncoderClassifier": dict(seed=1001, loss="cross_entropy", label_smoothing=0.0, lengths=[12, 9, 2]),
    "ParityGpt": dict(seed=1002, loss="cross_entropy", label_smoothing=0.0, lengths=[11, 8, 2]),
    "ParitySelfAttention": dict(seed=1003, loss="mse", label_smoothing=0.0, lengths=[6, 3, 2]),
    "ParityTranslator": dict(seed=1004, loss="cross_entropy", label_smoothing=0.1,
                             source_lengths=[9, 6, 2], target_lengths=[7, 4, 2]),
    "ParityForecaster": dict(seed=1005, loss="mse", label_smoothing=0.0, lengths=[10, 7, 2]),
}


def tokens(lengths, vocab, g, low=1):
    """(batch, max(lengths)) int64: random ids in [low, vocab) at valid positions, 0 at padding."""
    lengths = torch.tensor(lengths, dtype=torch.int64)
    ids = torch.randint(low, vocab, (len(lengths), int(lengths.max())), generator=g, dtype=torch.int64)
    return ids.masked_fill(models.padding_mask(lengths, ids.size(1)), 0), lengths


def floats(lengths, features, g):
    """(batch, max(lengths), features) float32: N(0, 1) at valid positions, 0 at padding."""
    lengths = torch.tensor(lengths, dtype=torch.int64)
    x = torch.randn(len(lengths), int(lengths.max()), features, generator=g)
    return x.masked_fill(models.padding_mask(lengths, x.size(1)).unsqueeze(-1), 0.0), lengths


def make_batch(name, spec, g):
    """Returns (inputs, targets): dicts of tensors named without their 'input.'/'target.' prefix."""
    if name == "ParityEncoderClassifier":
        ids, lengths = tokens(spec["lengths"], models.ParityEncoderClassifier.vocab, g)
        classes = torch.randint(0, models.ParityEncoderClassifier.classes, (len(lengths),), generator=g)
        return {"tokens": ids, "lengths": lengths}, {"classes": classes}
    if name == "ParityGpt":
        ids, lengths = tokens(spec["lengths"], models.ParityGpt.vocab, g)
        # Next-token targets: position t predicts token t + 1; the last valid position and padding are ignored.
        targets = torch.full_like(ids, IGNORE_INDEX)
        targets[:, :-1] = ids[:, 1:]
        targets = targets.masked_fill(models.padding_mask(lengths - 1, ids.size(1)), IGNORE_INDEX)
        return {"tokens": ids, "lengths": lengths}, {"tokens": targets}
    if name == "ParitySelfAttention":
        x, lengths = floats(spec["lengths"], models.ParitySelfAttention.features, g)
        values = torch.randn(x.shape, generator=g)
        return {"features": x, "lengths": lengths}, {"values": values}
    if name == "ParityTranslator":
        source, source_lengths = tokens(spec["source_lengths"], models.ParityTranslator.vocab, g)
        # A target sentence z of length n + 1 per row: the decoder reads z[:n] (z[0] = 1, the start token)
        # and is trained to predict z[1:n + 1]; padded positions are ignored.
        target_lengths = torch.tensor(spec["target_lengths"], dtype=torch.int64)
        z = torch.randint(2, models.ParityTranslator.target_vocab, (len(target_lengths), int(target_lengths.max()) + 1),
                          generator=g, dtype=torch.int64)
        z[:, 0] = 1
        pad = models.padding_mask(target_lengths, z.size(1) - 1)
        target = z[:, :-1].masked_fill(pad, 0)
        labels = z[:, 1:].masked_fill(pad, IGNORE_INDEX)
        return ({"source": source, "target": target, "source_lengths": source_lengths, "target_lengths": target_lengths},
                {"tokens": labels})
    if name == "ParityForecaster":
        x, lengths = floats(spec["lengths"], models.ParityForecaster.features, g)
        values = torch.randn(len(lengths), 1, generator=g)
        return {"features": x, "lengths": lengths}, {"values": values}
    raise KeyError(name)


def loss_of(spec, output, targets):
    if spec["loss"] == "mse":
        return F.mse_loss(output, targets["values"])
    target = targets["classes"] if "classes" in targets else targets["tokens"]
    return F.cross_entropy(output.reshape(-1, output.size(-1)), target.reshape(-1),
                           ignore_index=IGNORE_INDEX, label_smoothing=spec["label_smoothing"])


def generated_parameter_table(name):
    """The (name, shape) table from the generated C# file, if the test project has been built; else None."""
    pattern = os.path.join(REPO, "tests", "AttentionGen.Models.Tests", "obj", "**",
                           f"AttentionGen.Models.Tests.Parity.{name}.g.cs")
    files = sorted(glob.glob(pattern, recursive=True), key=os.path.getmtime)
    if not files:
        return None
    with open(files[-1], encoding="utf-8-sig") as f:
        text = f.read()
    rows = re.findall(r'new\("([^"]+)", new\[\] \{ ([0-9, ]+) \}, [0-9]+\)', text)
    return [(key, tuple(int(d) for d in dims.split(","))) for key, dims in rows]


def make(name, out_dir, check_generated, quiet=False):
    spec = SPECS[name]
    seed = spec["seed"]
    torch.manual_seed(seed)
    module = models.build(name)
    models.check_state_dict(name, module)
    generated = "not checked"
    if check_generated != "no":
        table = generated_parameter_table(name)
        if table is None and check_generated == "yes":
            raise SystemExit(f"{name}: no generated file; build tests/AttentionGen.Models.Tests first")
        if table is not None and table != [(k, tuple(s)) for k, s in models.EXPECTED_PARAMETERS[name]]:
            raise SystemExit(f"{name}: the generated ParameterInfos differ from the PyTorch module:\n"
                             f"  generated: {table}\n  pytorch:   {models.EXPECTED_PARAMETERS[name]}")
        generated = "not built" if table is None else "equal"

    initial = {key: value.detach().clone() for key, value in module.state_dict().items()}
    inputs, targets = make_batch(name, spec, torch.Generator().manual_seed(seed + 1))

    optimizer = torch.optim.AdamW(module.parameters(), lr=LR)
    losses = []
    for step in range(STEPS):
        optimizer.zero_grad(set_to_none=True)
        output = models.run(module, inputs)
        loss = loss_of(spec, output, targets)
        loss.backward()
        if step == 0:
            logits = output.detach().clone()
            first_loss = loss.detach().clone()
            grads = {key: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().clone()
                     for key, p in module.named_parameters()}
        losses.append(loss.detach().clone())
        optimizer.step()
    after = {key: value.detach().clone() for key, value in module.state_dict().items()}
    with torch.no_grad():
        after_output = models.run(module, inputs)
        after_loss = loss_of(spec, after_output, targets)

    tensors = {}
    tensors.update(initial)
    tensors.update({f"input.{key}": value for key, value in inputs.items()})
    tensors.update({f"target.{key}": value for key, value in targets.items()})
    tensors["output.logits"] = logits
    tensors["output.loss"] = first_loss.reshape(1)
    tensors.update({f"grad.{key}": value for key, value in grads.items()})
    tensors["train.losses"] = torch.stack(losses)
    tensors.update({f"after3.{key}": value for key, value in after.items()})
    tensors["after3.logits"] = after_output.detach()
    tensors["after3.loss"] = after_loss.reshape(1)
    for key, value in tensors.items():
        if not torch.isfinite(value.to(torch.float64)).all():
            raise SystemExit(f"{name}: {key} is not finite")

    metadata = {
        "format": "pt",
        "config": name,
        "loss": spec["loss"],
        "label_smoothing": repr(spec["label_smoothing"]),
        "ignore_index": str(IGNORE_INDEX),
        "optimizer": "AdamW",
        "lr": repr(LR),
        "betas": ",".join(repr(b) for b in optimizer.defaults["betas"]),
        "eps": repr(optimizer.defaults["eps"]),
        "weight_decay": repr(optimizer.defaults["weight_decay"]),
        "steps": str(STEPS),
        "mode": "train",
        "torch_version": torch.__version__,
        "seed": str(seed),
    }
    path = os.path.join(out_dir, f"{name}.safetensors")
    safetensors_io.save(path, tensors, metadata)

    if quiet:
        return path
    shapes = {key: tuple(v.shape) for key, v in inputs.items()}
    print(f"{name}: {os.path.getsize(path):,} bytes, {sum(p.numel() for p in module.parameters()):,} parameters "
          f"(generated C# table: {generated}), "
          f"inputs {shapes}, output {tuple(logits.shape)}, loss {first_loss.item():.6f} -> "
          f"{' -> '.join(f'{l.item():.6f}' for l in losses[1:])} -> {after_loss.item():.6f} after {STEPS} AdamW steps")
    return path


def key_bias_rows(key, shape):
    """The key rows [E, 2E) of an in_proj_bias, whose true gradient is zero (see README.md), else None."""
    if key.endswith("in_proj_bias"):
        width = shape[0] // 3
        return slice(width, 2 * width)
    return None


def verify(name, path):
    """Reads a fixture back and checks it: exact names, dtypes and shapes; the initial weights reproduce
    output.logits, output.loss and every grad.* bit for bit, the after3.* weights reproduce after3.logits;
    and a float64 rerun of the same steps stays within 1e-4 relative + 1e-5 absolute of every stored
    quantity (the key rows of in_proj_bias excepted in after3.*, reported separately)."""
    tensors, metadata = safetensors_io.load(path)
    t = {key: torch.from_numpy(value) for key, value in tensors.items()}
    spec = SPECS[name]
    module = models.build(name)
    params = [key for key, _ in models.EXPECTED_PARAMETERS[name]]
    inputs = {key[len("input."):]: v for key, v in t.items() if key.startswith("input.")}
    targets = {key[len("target."):]: v for key, v in t.items() if key.startswith("target.")}
    expected_keys = (params + [f"input.{k}" for k in inputs] + [f"target.{k}" for k in targets]
                     + ["output.logits", "output.loss"] + [f"grad.{k}" for k in params] + ["train.losses"]
                     + [f"after3.{k}" for k in params] + ["after3.logits", "after3.loss"])
    assert list(t) == expected_keys, f"{name}: stored names {list(t)}"
    assert sorted(inputs) == sorted(module.inputs), f"{name}: inputs {sorted(inputs)}"
    assert metadata["config"] == name and metadata["format"] == "pt", metadata
    for key, value in t.items():
        integer = key.startswith("input.") and key != "input.features" or key in ("target.classes", "target.tokens")
        assert value.dtype == (torch.int64 if integer else torch.float32), f"{key}: {value.dtype}"

    # Self-consistency, in float32: bit for bit.
    module.load_state_dict({k: t[k] for k in params}, strict=True)
    output = models.run(module, inputs)
    loss = loss_of(spec, output, targets)
    loss.backward()
    assert torch.equal(output.detach(), t["output.logits"]), f"{name}: output.logits not reproduced"
    assert torch.equal(loss.detach().reshape(1), t["output.loss"]), f"{name}: output.loss not reproduced"
    assert torch.equal(t["train.losses"][0:1], t["output.loss"]), f"{name}: train.losses[0] is not output.loss"
    for key, p in module.named_parameters():
        assert torch.equal(p.grad, t[f"grad.{key}"]), f"{name}: grad.{key} not reproduced"
    module.load_state_dict({k: t[f"after3.{k}"] for k in params}, strict=True)
    with torch.no_grad():
        after_output = models.run(module, inputs)
        assert torch.equal(after_output, t["after3.logits"]), f"{name}: after3.logits not reproduced"
        assert torch.equal(loss_of(spec, after_output, targets).reshape(1), t["after3.loss"]), f"{name}: after3.loss"

    # Sensitivity to rounding: the same steps in float64 from the stored float32 weights.
    module64 = models.build(name).double()
    module64.load_state_dict({k: t[k].double() for k in params}, strict=True)
    inputs64 = {k: v.double() if v.is_floating_point() else v for k, v in inputs.items()}
    targets64 = {k: v.double() if v.is_floating_point() else v for k, v in targets.items()}
    optimizer = torch.optim.AdamW(module64.parameters(), lr=LR)
    computed = {}
    losses64 = []
    for step in range(STEPS):
        optimizer.zero_grad(set_to_none=True)
        output64 = models.run(module64, inputs64)
        loss64 = loss_of(spec, output64, targets64)
        loss64.backward()
        losses64.append(loss64.detach().clone())
        if step == 0:
            computed["output.logits"] = output64.detach().clone()
            computed["output.loss"] = loss64.detach().reshape(1).clone()
            computed.update({f"grad.{k}": p.grad.clone() for k, p in module64.named_parameters()})
        optimizer.step()
    computed.update({f"after3.{k}": p.detach().clone() for k, p in module64.named_parameters()})
    computed["train.losses"] = torch.stack(losses64)
    with torch.no_grad():
        computed["after3.logits"] = models.run(module64, inputs64)
        computed["after3.loss"] = loss_of(spec, computed["after3.logits"], targets64).reshape(1)

    def ratio(stored, reference):
        return ((stored.double() - reference).abs() / (1e-5 + 1e-4 * reference.abs())).max().item()

    worst = {}
    key_bias = 0.0
    for key, reference in computed.items():
        stored = t[key]
        group = key.split(".")[0] if key.startswith(("grad.", "after3.")) and not key.endswith(("logits", "loss")) else key
        rows = key_bias_rows(key, tuple(stored.shape)) if key.startswith("after3.") else None
        if rows is not None:
            key_bias = max(key_bias, (stored.double()[rows] - reference[rows]).abs().max().item())
            keep = torch.ones(stored.shape[0], dtype=torch.bool)
            keep[rows] = False
            stored, reference = stored[keep], reference[keep]
        r = ratio(stored, reference)
        if r > worst.get(group, (0.0, ""))[0]:
            worst[group] = (r, key)
        elif group not in worst:
            worst[group] = (r, key)
    summary = ", ".join(f"{group} {r:.3f} ({key})" if group != key else f"{group} {r:.3f}"
                        for group, (r, key) in worst.items())
    print(f"{name}: read back and reproduced bit for bit; float64 rerun, worst |difference| / tolerance: {summary}; "
          f"after3 in_proj_bias key rows differ by up to {key_bias:.2e}")
    failed = [group for group, (r, _) in worst.items() if r > 1.0]
    if failed:
        raise SystemExit(f"{name}: float64 rerun outside the tolerance in {failed}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, "fixtures"), help="output folder")
    parser.add_argument("--check-generated", choices=["auto", "yes", "no"], default="auto",
                        help="compare with the generated C# parameter tables (auto: when the test project was built)")
    parser.add_argument("--verify", action="store_true",
                        help="also read every fixture back and check it (reproduction and a float64 rerun), "
                             "and regenerate it to prove the bytes do not change")
    parser.add_argument("configs", nargs="*", default=models.CONFIGS, help="configurations (default: all five)")
    args = parser.parse_args(argv)

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    print(f"torch {torch.__version__}, writing to {args.out}")
    for name in args.configs:
        if name not in SPECS:
            parser.error(f"unknown configuration {name!r}; known: {', '.join(models.CONFIGS)}")
        path = make(name, args.out, args.check_generated)
        if args.verify:
            with open(path, "rb") as f:
                first = f.read()
            make(name, args.out, "no", quiet=True)
            with open(path, "rb") as f:
                if f.read() != first:
                    raise SystemExit(f"{name}: a second run wrote different bytes")
            verify(name, path)


if __name__ == "__main__":
    main()
