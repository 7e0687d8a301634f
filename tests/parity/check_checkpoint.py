"""Loads an AttentionGen-written checkpoint into the matching PyTorch module and compares its output.

    /usr/bin/python3 tests/parity/check_checkpoint.py <Config> <checkpoint.safetensors> <inputs-and-expected.safetensors>

<Config> is one of the five parity configurations (ParityEncoderClassifier, ParityGpt,
ParitySelfAttention, ParityTranslator, ParityForecaster). The checkpoint must hold exactly the
module's state dict (F32, every name once, a tied weight once, nothing else). The second file holds
the inputs under the fixture names (input.tokens / input.features / input.source, input.target,
input.lengths / input.source_lengths, input.target_lengths; token ids and lengths I64 or I32, floats
F32) and the expected output as output.logits. The module runs in train() mode with dropout 0 and
its output must equal output.logits within 1e-4 relative + 1e-5 absolute, element by element.

Exit code: 0 when the output matches, 1 when it does not, 2 when a file is missing or malformed or
the arguments are wrong.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

RTOL = 1e-4
ATOL = 1e-5

MATCH, MISMATCH, MALFORMED = 0, 1, 2


class Malformed(Exception):
    pass


def read(path, what):
    import safetensors_io
    try:
        return safetensors_io.load(path)
    except OSError as e:
        raise Malformed(f"{what} {path}: {e.strerror or e}") from None
    except safetensors_io.SafetensorsError as e:
        raise Malformed(f"{what} {path}: {e}") from None


def load_checkpoint(name, module, tensors):
    import numpy as np
    import torch
    import attentiongen_models as models

    expected = dict(models.EXPECTED_PARAMETERS[name])
    missing = [key for key in expected if key not in tensors]
    unexpected = [key for key in tensors if key not in expected]
    if missing or unexpected:
        hint = ""
        if name == "ParityGpt" and "lm_head.weight" in unexpected:
            hint = " (the head is tied to embed.weight and is saved once, as embed.weight)"
        raise Malformed(f"checkpoint keys differ from {name}'s state dict: missing {missing}, unexpected {unexpected}{hint}")
    state = {}
    for key, shape in expected.items():
        array = tensors[key]
        if array.dtype != np.float32:
            raise Malformed(f"checkpoint {key}: dtype {array.dtype}, expected F32")
        if tuple(array.shape) != tuple(shape):
            raise Malformed(f"checkpoint {key}: shape {list(array.shape)}, expected {list(shape)}")
        if not np.isfinite(array).all():
            raise Malformed(f"checkpoint {key}: holds NaN or infinity")
        state[key] = torch.from_numpy(array)
    module.load_state_dict(state, strict=True)


def read_inputs(module, tensors):
    import numpy as np
    import torch

    inputs = {}
    for key in module.inputs:
        full = f"input.{key}"
        if full not in tensors:
            raise Malformed(f"inputs file has no {full} (it needs {', '.join('input.' + k for k in module.inputs)})")
        array = tensors[full]
        floating = key == "features"
        if floating and array.dtype != np.float32:
            raise Malformed(f"{full}: dtype {array.dtype}, expected F32")
        if not floating and array.dtype not in (np.int64, np.int32):
            raise Malformed(f"{full}: dtype {array.dtype}, expected I64 or I32")
        inputs[key] = torch.from_numpy(array) if floating else torch.from_numpy(array.astype(np.int64))
    return inputs


def check_input_shapes(name, module, inputs):
    """Shapes and ranges the generated Forward checks too; a violation is a malformed file."""
    import torch

    def need(ok, message):
        if not ok:
            raise Malformed(f"{name}: {message}")

    if "source" in inputs:
        sequences = [("source", "source_lengths", module.vocab, module.max_seq),
                     ("target", "target_lengths", module.target_vocab, module.target_max_seq)]
    elif "tokens" in inputs:
        sequences = [("tokens", "lengths", module.vocab, module.max_seq)]
    else:
        sequences = [("features", "lengths", None, module.max_seq)]
    batch = None
    for key, lengths_key, vocab, max_seq in sequences:
        x, lengths = inputs[key], inputs[lengths_key]
        need(x.dim() == (3 if vocab is None else 2), f"input.{key} has shape {list(x.shape)}")
        if vocab is None:
            need(x.size(2) == module.features, f"input.{key} has {x.size(2)} features, expected {module.features}")
            need(bool(torch.isfinite(x).all()), f"input.{key} holds NaN or infinity")
        else:
            need(x.numel() == 0 or (int(x.min()) >= 0 and int(x.max()) < vocab), f"input.{key} has ids outside [0, {vocab})")
        batch = x.size(0) if batch is None else batch
        need(x.size(0) == batch and batch >= 1, f"input.{key} has batch {x.size(0)}")
        need(1 <= x.size(1) <= max_seq, f"input.{key} has sequence length {x.size(1)}, expected 1 to {max_seq}")
        need(tuple(lengths.shape) == (batch,), f"input.{lengths_key} has shape {list(lengths.shape)}, expected [{batch}]")
        need(int(lengths.min()) >= 1 and int(lengths.max()) <= x.size(1),
             f"input.{lengths_key} = {lengths.tolist()} must lie in [1, {x.size(1)}]")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1].strip(), file=sys.stderr)
        return MALFORMED
    name, checkpoint_path, inputs_path = argv
    try:
        import numpy as np
        import torch
        import attentiongen_models as models
    except ImportError as e:
        print(f"error: {e}; run with Debian's /usr/bin/python3 after `apt-get install python3-torch`", file=sys.stderr)
        return MALFORMED
    if name not in models.MODULES:
        print(f"error: unknown configuration {name!r}; known: {', '.join(models.CONFIGS)}", file=sys.stderr)
        return MALFORMED

    torch.set_num_threads(1)
    try:
        module = models.build(name)
        checkpoint, _ = read(checkpoint_path, "checkpoint")
        load_checkpoint(name, module, checkpoint)
        tensors, _ = read(inputs_path, "inputs file")
        inputs = read_inputs(module, tensors)
        check_input_shapes(name, module, inputs)
        if "output.logits" not in tensors:
            raise Malformed(f"inputs file {inputs_path} has no output.logits")
        expected = tensors["output.logits"]
        if expected.dtype != np.float32:
            raise Malformed(f"output.logits: dtype {expected.dtype}, expected F32")
    except Malformed as e:
        print(f"error: {e}", file=sys.stderr)
        return MALFORMED

    module.train()  # dropout is 0; train mode keeps PyTorch off the nested-tensor fast path
    with torch.no_grad():
        actual = models.run(module, inputs).numpy().astype(np.float64)
    expected = expected.astype(np.float64)
    if actual.size != expected.size:
        print(f"error: output.logits has shape {list(expected.shape)}, PyTorch returns {list(actual.shape)}", file=sys.stderr)
        return MALFORMED
    # The layout is row-major (batch, ...); a flat expected array of the right size is accepted.
    expected = expected.reshape(actual.shape)

    difference = np.abs(actual - expected)
    tolerance = ATOL + RTOL * np.abs(expected)
    bad = ~(difference <= tolerance)  # NaN counts as bad
    worst = int(np.nanargmax(np.where(np.isnan(difference), np.inf, difference / tolerance)))
    at = np.unravel_index(worst, actual.shape)
    print(f"{name}: {actual.size} outputs {list(actual.shape)}, max |difference| {np.nanmax(difference):.3e}, "
          f"worst at {list(int(i) for i in at)}: PyTorch {actual[at]:.9g}, expected {expected[at]:.9g} "
          f"(tolerance {RTOL:g} relative + {ATOL:g} absolute)")
    if bad.any():
        print(f"MISMATCH: {int(bad.sum())} of {actual.size} outputs outside the tolerance")
        return MISMATCH
    print("match")
    return MATCH


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
