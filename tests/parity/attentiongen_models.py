"""The five parity configurations of tests/AttentionGen.Models.Tests/Parity/ParityModels.cs as PyTorch modules.

Each module's ``state_dict()`` has exactly the names, shapes and order of the generated model's
``ParameterInfos``, and its ``forward`` returns what the generated ``Forward`` returns, in the same
(batch, ...) layout. The modules are built from PyTorch's own layers (nn.Embedding, nn.Linear,
nn.LayerNorm, nn.MultiheadAttention, nn.TransformerEncoder/DecoderLayer) so that the fixtures
record PyTorch's behaviour, not a re-implementation of it.

Conventions shared by every module:

* Sequences are padded on the right; ``lengths`` (int64, one per batch row, each in [1, seq]) gives
  the valid prefix. Keys at positions >= length are masked (``key_padding_mask`` True = blocked).
  Padded query positions are computed like any other and attend to the valid keys only.
  A length of 0 is not allowed: PyTorch yields NaN for a fully masked row, AttentionGen zeros.
* Run the modules in ``train()`` mode. Dropout is 0 everywhere, so train mode is deterministic,
  and it keeps PyTorch 1.13 off its inference "fast path", which converts padded batches to nested
  tensors and writes zeros at padded positions instead of computing them.
* nn.TransformerEncoder/Decoder copy one layer N times, so every layer would start with the same
  weights. :func:`reinitialize_layers` draws each layer's weights afresh with the layers' own
  ``reset_parameters`` (PyTorch's default initialization), one layer after the other, as
  AttentionGen does.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

CONFIGS = [
    "ParityEncoderClassifier",
    "ParityGpt",
    "ParitySelfAttention",
    "ParityTranslator",
    "ParityForecaster",
]


def padding_mask(lengths, seq_len):
    """(batch, seq_len) bool, True at padded positions (the key_padding_mask convention)."""
    return torch.arange(seq_len, device=lengths.device).unsqueeze(0) >= lengths.unsqueeze(1)


def causal_mask(seq_len):
    """(seq_len, seq_len) bool, True above the diagonal: query t may not see keys after t."""
    return torch.triu(torch.ones(seq_len, seq_len, dtype=torch.bool), diagonal=1)


def check_lengths(lengths, seq_len, what="lengths"):
    if lengths.dim() != 1 or lengths.dtype != torch.int64:
        raise ValueError(f"{what} must be a 1-D int64 tensor, got {lengths.dtype} {tuple(lengths.shape)}")
    if lengths.numel() and (int(lengths.min()) < 1 or int(lengths.max()) > seq_len):
        raise ValueError(f"{what} must be in [1, {seq_len}], got {lengths.tolist()}")


def gelu_tanh(x):
    return F.gelu(x, approximate="tanh")


class SinusoidalPositions(nn.Module):
    """The PyTorch Transformer tutorial's table, built in float32:
    ``div_term = exp(arange(0, d, 2) * (-ln(10000) / d))``, ``pe[:, 0::2] = sin(pos * div_term)``,
    ``pe[:, 1::2] = cos(pos * div_term)``. A non-persistent buffer: not in the state dict."""

    def __init__(self, width, max_length):
        super().__init__()
        position = torch.arange(max_length).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, width, 2) * (-math.log(10000.0) / width))
        pe = torch.zeros(max_length, width)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term[: width // 2])
        self.register_buffer("pe", pe, persistent=False)

    def forward(self, x):
        return x + self.pe[: x.size(1)]


def reinitialize_layers(stack):
    """Gives every layer of an nn.TransformerEncoder/Decoder its own default initialization."""
    for layer in stack.layers:
        for name in ("self_attn", "multihead_attn"):
            attn = getattr(layer, name, None)
            if attn is not None:
                attn._reset_parameters()
        layer.linear1.reset_parameters()
        layer.linear2.reset_parameters()
        for name in ("norm1", "norm2", "norm3"):
            norm = getattr(layer, name, None)
            if norm is not None:
                norm.reset_parameters()


def encoder(width, heads, feed_forward, layers, activation="relu", norm_first=False):
    layer = nn.TransformerEncoderLayer(width, heads, feed_forward, dropout=0.0, activation=activation,
                                       layer_norm_eps=1e-5, batch_first=True, norm_first=norm_first)
    stack = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
    reinitialize_layers(stack)
    return stack


def decoder(width, heads, feed_forward, layers, activation="relu", norm_first=False):
    layer = nn.TransformerDecoderLayer(width, heads, feed_forward, dropout=0.0, activation=activation,
                                       layer_norm_eps=1e-5, batch_first=True, norm_first=norm_first)
    stack = nn.TransformerDecoder(layer, layers)
    reinitialize_layers(stack)
    return stack


class ParityEncoderClassifier(nn.Module):
    """[Embed(16), SinusoidalPositions] [Encoder(2, Heads = 4, FeedForward = 32)] [MeanPool] [Dense(3), Softmax].
    Input tokens (batch, seq) int64 and lengths; output (batch, 3) logits (the softmax is Predict's)."""

    vocab, max_seq, width, classes = 50, 12, 16, 3
    inputs = ("tokens", "lengths")

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(self.vocab, self.width)
        self.positions = SinusoidalPositions(self.width, self.max_seq)
        self.encoder = encoder(self.width, 4, 32, 2)
        self.dense = nn.Linear(self.width, self.classes)

    def forward(self, tokens, lengths):
        seq = tokens.size(1)
        check_lengths(lengths, seq)
        pad = padding_mask(lengths, seq)
        x = self.positions(self.embed(tokens))
        x = self.encoder(x, src_key_padding_mask=pad)
        pooled = x.masked_fill(pad.unsqueeze(-1), 0.0).sum(dim=1) / lengths.unsqueeze(1).to(x.dtype)
        return self.dense(pooled)


class ParityGpt(nn.Module):
    """[Embed(16), LearnedPositions] [Encoder(2, Heads = 2, FeedForward = 64, NormFirst, Causal, GeluTanh)]
    [LayerNorm] [LmHead(Tied = true)]. Output (batch, seq, 40) logits; the head is embed.weight."""

    vocab, max_seq, width = 40, 16, 16
    inputs = ("tokens", "lengths")

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(self.vocab, self.width)
        self.pos_embed = nn.Embedding(self.max_seq, self.width)
        self.encoder = encoder(self.width, 2, 64, 2, activation=gelu_tanh, norm_first=True)
        self.norm = nn.LayerNorm(self.width, eps=1e-5)

    def forward(self, tokens, lengths):
        seq = tokens.size(1)
        check_lengths(lengths, seq)
        x = self.embed(tokens) + self.pos_embed(torch.arange(seq))
        x = self.encoder(x, mask=causal_mask(seq), src_key_padding_mask=padding_mask(lengths, seq))
        x = self.norm(x)
        return F.linear(x, self.embed.weight)


class ParitySelfAttention(nn.Module):
    """[SelfAttention] over (batch, seq, 8) floats: nn.MultiheadAttention(8, 1)(x, x, x).
    Output (batch, seq, 8)."""

    features, max_seq = 8, 6
    inputs = ("features", "lengths")

    def __init__(self):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(self.features, 1, dropout=0.0, batch_first=True)

    def forward(self, features, lengths):
        seq = features.size(1)
        check_lengths(lengths, seq)
        out, _ = self.self_attn(features, features, features, key_padding_mask=padding_mask(lengths, seq),
                                need_weights=False)
        return out


class ParityTranslator(nn.Module):
    """[Embed(16), SinusoidalPositions] [Encoder(1, Heads = 2, FeedForward = 32)] [TargetEmbed(16), SinusoidalPositions]
    [Decoder(2, Heads = 2, FeedForward = 32)] [LmHead]. Output (batch, target_seq, 25) logits."""

    vocab, max_seq, target_vocab, target_max_seq, width = 30, 9, 25, 8, 16
    inputs = ("source", "target", "source_lengths", "target_lengths")

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(self.vocab, self.width)
        self.positions = SinusoidalPositions(self.width, self.max_seq)
        self.encoder = encoder(self.width, 2, 32, 1)
        self.target_embed = nn.Embedding(self.target_vocab, self.width)
        self.target_positions = SinusoidalPositions(self.width, self.target_max_seq)
        self.decoder = decoder(self.width, 2, 32, 2)
        self.lm_head = nn.Linear(self.width, self.target_vocab, bias=False)

    def forward(self, source, target, source_lengths, target_lengths):
        source_seq, target_seq = source.size(1), target.size(1)
        check_lengths(source_lengths, source_seq, "source_lengths")
        check_lengths(target_lengths, target_seq, "target_lengths")
        source_pad = padding_mask(source_lengths, source_seq)
        memory = self.encoder(self.positions(self.embed(source)), src_key_padding_mask=source_pad)
        y = self.target_positions(self.target_embed(target))
        y = self.decoder(y, memory, tgt_mask=causal_mask(target_seq),
                         tgt_key_padding_mask=padding_mask(target_lengths, target_seq),
                         memory_key_padding_mask=source_pad)
        return self.lm_head(y)


class ParityForecaster(nn.Module):
    """[InputProjection(12), LearnedPositions] [Encoder(1, Heads = 3, FeedForward = 24, Gelu)] [LastTokenPool]
    [Dense(1)] over (batch, seq, 3) floats. Output (batch, 1)."""

    features, max_seq, width = 3, 10, 12
    inputs = ("features", "lengths")

    def __init__(self):
        super().__init__()
        self.input_proj = nn.Linear(self.features, self.width)
        self.pos_embed = nn.Embedding(self.max_seq, self.width)
        self.encoder = encoder(self.width, 3, 24, 1, activation="gelu")
        self.dense = nn.Linear(self.width, 1)

    def forward(self, features, lengths):
        seq = features.size(1)
        check_lengths(lengths, seq)
        x = self.input_proj(features) + self.pos_embed(torch.arange(seq))
        x = self.encoder(x, src_key_padding_mask=padding_mask(lengths, seq))
        last = x[torch.arange(x.size(0)), lengths - 1]
        return self.dense(last)


MODULES = {cls.__name__: cls for cls in (ParityEncoderClassifier, ParityGpt, ParitySelfAttention,
                                         ParityTranslator, ParityForecaster)}


def build(name):
    """A fresh module of configuration ``name`` in train() mode (PyTorch's default initialization,
    drawn from the global generator)."""
    if name not in MODULES:
        raise KeyError(f"unknown configuration {name!r}; known: {', '.join(CONFIGS)}")
    return MODULES[name]().train()


# The parameter table each generated model declares (ParameterInfos): name -> shape, in order.

def _attention(prefix, width):
    return [(f"{prefix}.in_proj_weight", (3 * width, width)), (f"{prefix}.in_proj_bias", (3 * width,)),
            (f"{prefix}.out_proj.weight", (width, width)), (f"{prefix}.out_proj.bias", (width,))]


def _block(prefix, width, feed_forward, cross):
    names = _attention(f"{prefix}.self_attn", width)
    if cross:
        names += _attention(f"{prefix}.multihead_attn", width)
    names += [(f"{prefix}.linear1.weight", (feed_forward, width)), (f"{prefix}.linear1.bias", (feed_forward,)),
              (f"{prefix}.linear2.weight", (width, feed_forward)), (f"{prefix}.linear2.bias", (width,))]
    for norm in ("norm1", "norm2", "norm3") if cross else ("norm1", "norm2"):
        names += [(f"{prefix}.{norm}.weight", (width,)), (f"{prefix}.{norm}.bias", (width,))]
    return names


def _stack(prefix, layers, width, feed_forward, cross=False):
    return [entry for i in range(layers) for entry in _block(f"{prefix}.layers.{i}", width, feed_forward, cross)]


EXPECTED_PARAMETERS = {
    "ParityEncoderClassifier":
        [("embed.weight", (50, 16))] + _stack("encoder", 2, 16, 32)
        + [("dense.weight", (3, 16)), ("dense.bias", (3,))],
    "ParityGpt":
        [("embed.weight", (40, 16)), ("pos_embed.weight", (16, 16))] + _stack("encoder", 2, 16, 64)
        + [("norm.weight", (16,)), ("norm.bias", (16,))],
    "ParitySelfAttention": _attention("self_attn", 8),
    "ParityTranslator":
        [("embed.weight", (30, 16))] + _stack("encoder", 1, 16, 32) + [("target_embed.weight", (25, 16))]
        + _stack("decoder", 2, 16, 32, cross=True) + [("lm_head.weight", (25, 16))],
    "ParityForecaster":
        [("input_proj.weight", (12, 3)), ("input_proj.bias", (12,)), ("pos_embed.weight", (10, 12))]
        + _stack("encoder", 1, 12, 24) + [("dense.weight", (1, 12)), ("dense.bias", (1,))],
}


def check_state_dict(name, module):
    """Raises AssertionError unless the module's state dict is exactly EXPECTED_PARAMETERS[name]."""
    actual = [(key, tuple(value.shape)) for key, value in module.state_dict().items()]
    expected = [(key, tuple(shape)) for key, shape in EXPECTED_PARAMETERS[name]]
    if actual != expected:
        missing = sorted(set(expected) - set(actual))
        extra = sorted(set(actual) - set(expected))
        raise AssertionError(f"{name}: state dict differs from the generated parameter table; "
                             f"missing {missing}, unexpected {extra}" if missing or extra
                             else f"{name}: state dict has the right entries in a different order")
    params = [key for key, _ in module.named_parameters()]
    if params != [key for key, _ in expected]:
        raise AssertionError(f"{name}: parameters {params} are not the state dict's entries")


def run(module, inputs):
    """Calls ``module`` with the inputs it takes, by name (``inputs`` maps input name -> tensor)."""
    return module(*(inputs[name] for name in module.inputs))
