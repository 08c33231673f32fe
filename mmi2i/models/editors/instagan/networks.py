"""InstaGAN's set-aware generator and discriminator (Mo et al., ICLR 2019,
Sec. 2.1 and Appendix A).

Instance masks are a set: each is encoded by one shared mask encoder and
the encodings are *summed per sample* (padded slots excluded through the
validity mask), which makes the image output invariant and the mask
outputs equivariant to the order of the masks, and makes a batch of
several images equal to those images one by one.
"""
from typing import Optional, Tuple

import torch
import torch.nn as nn
from torch import Tensor

from mmi2i.registry import DISCRIMINATORS, GENERATORS
from ...archs import ResnetDecoder, ResnetEncoder, SpectralNormConv2d
from ...archs.utils import GANInitModule, NormCfg, build_norm

#: How a discriminator conv is spectrally normalized: on its output, on
#: its weight, or not (None).
SNForm = Optional[str]


def _unused_guard(out: Tensor, *pairs) -> Tensor:
    """Make ``out`` depend (with weight 0) on modules that had no input.

    When a batch has no valid mask, the mask branches get no input and
    their parameters no gradient; DistributedDataParallel (with
    ``find_unused_parameters=False``, which several forward passes per
    backward require) then waits for gradients that never come. A zero
    times the branch's output on a dummy input keeps every parameter in
    the graph. Only done while training with gradients.
    """
    if not (torch.is_grad_enabled() and out.requires_grad):
        return out
    for module, dummy in pairs:
        out = out + 0.0 * module(dummy).sum()
    return out


def _chunked(fn, x: Tensor, chunk: Optional[int], *shared: Tensor) -> Tensor:
    """``fn(x, *shared)`` computed on chunks of ``chunk`` rows of ``x`` (and
    of the ``shared`` tensors, which have as many rows) and concatenated;
    all at once when ``chunk`` is None. Same function: each row is
    independent (instance norm), only the batching of the convolutions
    changes."""
    if chunk is None or x.shape[0] <= chunk:
        return fn(x, *shared)
    return torch.cat([
        fn(x[i:i + chunk], *(t[i:i + chunk] for t in shared))
        for i in range(0, x.shape[0], chunk)
    ])


def _encode_valid(encoder: nn.Module, masks: Tensor, valid: Tensor,
                  chunk: Optional[int] = None) -> Tuple[Tensor, Tensor]:
    """Encode the valid masks of a (B, N, H, W) set, ``chunk`` masks per
    call (all in one batch when None).

    Returns:
        tuple: features (M, C, h, w) of the M valid masks (sample-major
        order) and their sample index (M,).
    """
    return (_chunked(encoder, masks[valid][:, None], chunk),
            valid.nonzero(as_tuple=True)[0])


def _set_sum(feats: Tensor, b_idx: Tensor, batch: int) -> Tensor:
    """Per-sample sum of mask features: (M, C, h, w) -> (B, C, h, w)
    (samples without masks get zeros). ``index_add`` rather than writes
    into a padded tensor: its backward is a cheap gather."""
    out = feats.new_zeros((batch, *feats.shape[1:]))
    return out.index_add(0, b_idx, feats)


def _empty_feats(like: Tensor, channels: int, hw) -> Tuple[Tensor, Tensor]:
    return (like.new_zeros((0, channels, *hw)),
            torch.zeros(0, dtype=torch.long, device=like.device))


@GENERATORS.register_module()
class InstaGANGenerator(GANInitModule):
    """Image encoder + shared mask encoder (conv7 -> 2 stride-2 convs ->
    ``num_blocks`` res blocks each), an image decoder on
    [image feature; set sum] and a mask decoder on
    [own mask feature; image feature; set sum] (the official code's
    order, so its released weights load by name).

    Args:
        base_channels (int): ngf. Defaults to 64.
        num_blocks (int): Residual blocks per encoder. Defaults to 9.
        norm_cfg: Defaults to instance norm without affine.
        init_gain (float): Std of the N(0, gain) init. Defaults to 0.02.
        mask_chunk (int, optional): Masks per call of the mask encoder and
            decoder. 1 (the default) is the authors' loop over masks;
            None: all masks in one call. Same function (to float
            rounding).
    """

    def __init__(self,
                 base_channels: int = 64,
                 num_down: int = 2,
                 num_blocks: int = 9,
                 norm_cfg: NormCfg = 'IN',
                 padding_mode: str = 'reflect',
                 init_gain: float = 0.02,
                 mask_chunk: Optional[int] = 1,
                 init_cfg=None) -> None:
        super().__init__('normal', init_gain, init_cfg)
        if mask_chunk is not None and mask_chunk < 1:
            raise ValueError(f'mask_chunk must be None or >= 1, got '
                             f'{mask_chunk}')
        self.mask_chunk = mask_chunk
        self.img_encoder = ResnetEncoder(3, base_channels, num_down,
                                         num_blocks, norm_cfg, padding_mode)
        self.mask_encoder = ResnetEncoder(1, base_channels, num_down,
                                          num_blocks, norm_cfg, padding_mode)
        ch = self.img_encoder.out_channels
        self.feat_channels = ch
        self.img_decoder = ResnetDecoder(2 * ch, 3, num_down, 0, norm_cfg,
                                         padding_mode)
        self.mask_decoder = ResnetDecoder(3 * ch, 1, num_down, 0, norm_cfg,
                                          padding_mode)

    def forward(self, img: Tensor, masks: Tensor,
                valid: Tensor) -> Tuple[Tensor, Tensor]:
        """Translate an image and its instance masks.

        Args:
            img (Tensor): (B, 3, H, W) in [-1, 1].
            masks (Tensor): (B, N, H, W) in [-1, 1].
            valid (Tensor): (B, N) bool; padded slots are ignored.

        Returns:
            tuple: image (B, 3, H, W) and masks (B, N, H, W) in [-1, 1]
            (padded slots -1).
        """
        img_feat = self.img_encoder(img)
        hw = img_feat.shape[-2:]
        has_masks = bool(valid.any())
        if has_masks:
            feats, b_idx = _encode_valid(self.mask_encoder, masks, valid,
                                         self.mask_chunk)
        else:
            feats, b_idx = _empty_feats(img_feat, self.feat_channels, hw)
        set_feat = _set_sum(feats, b_idx, img.shape[0])
        out_img = self.img_decoder(torch.cat([img_feat, set_feat], 1))
        out_masks = -torch.ones_like(masks)
        if has_masks:
            out_masks[valid] = self._decode_masks(feats, b_idx, img_feat,
                                                  set_feat)[:, 0]
        elif self.training:
            out_img = _unused_guard(
                out_img, (self.mask_encoder, img.new_zeros(1, 1,
                                                           *img.shape[2:])),
                (self.mask_decoder,
                 img_feat.new_zeros(1, 3 * self.feat_channels, *hw)))
        return out_img, out_masks

    def _decode_masks(self, own: Tensor, b_idx: Tensor, img_feat: Tensor,
                      set_feat: Tensor) -> Tensor:
        """Decode mask features ``own`` (M, C, h, w) of images ``b_idx``
        on [own; image feature; set sum] -> (M, 1, H, W)."""
        decoder = self.mask_decoder
        return _chunked(
            lambda o, i: decoder(torch.cat([o, img_feat[i], set_feat[i]], 1)),
            own, self.mask_chunk, b_idx)


def _sn_conv(cin: int, cout: int, stride: int, sn: SNForm) -> nn.Module:
    """4x4 conv, spectrally normalized on its output (``'output'``; with
    ``'output_latest'`` sigma's gradient uses the latest call's vectors),
    on its weight (``'weight'``, ``nn.utils.spectral_norm``) or not at
    all (None)."""
    if sn in ('output', 'output_latest'):
        return SpectralNormConv2d(
            cin, cout, 4, stride, 1,
            sigma_grad_vectors='latest' if sn == 'output_latest' else 'own')
    conv = nn.Conv2d(cin, cout, 4, stride, 1)
    return nn.utils.spectral_norm(conv) if sn == 'weight' else conv


def _feature_extractor(cin, ndf, norm_cfg, sn: SNForm) -> nn.Sequential:
    """The first 3 convs of a 3-layer PatchGAN."""
    return nn.Sequential(
        _sn_conv(cin, ndf, 2, sn), nn.LeakyReLU(0.2, True),
        _sn_conv(ndf, ndf * 2, 2, sn), build_norm(norm_cfg, ndf * 2),
        nn.LeakyReLU(0.2, True),
        _sn_conv(ndf * 2, ndf * 4, 2, sn), build_norm(norm_cfg, ndf * 4),
        nn.LeakyReLU(0.2, True))


@DISCRIMINATORS.register_module()
class SetPatchDiscriminator(GANInitModule):
    """PatchGAN (3 layers) judging an image together with its mask set.

    The first 3 convs are separate image and (shared) mask feature
    extractors; the per-sample sum of the mask features is concatenated
    with the image feature and the last 2 convs classify, at the official
    code's doubled width (8 ndf -> 16 ndf -> 1; 9,721,729 trainable
    parameters at ndf 64).

    Args:
        base_channels (int): ndf. Defaults to 64.
        norm_cfg: Defaults to instance norm.
        with_spectral_norm (bool): Spectral norm on every conv (default).
        spectral_norm_on_output (bool): Divide each conv's output by sigma
            (:class:`~mmi2i.models.archs.SpectralNormConv2d`, default)
            rather than its weight (``nn.utils.spectral_norm``): the same
            function, parameters and state-dict keys, up to float
            rounding; ~1 s less per training step at 200 px on 2 CPU
            cores, as the classifier's 8.4M weights are not divided and
            differentiated at every call.
        mask_chunk (int, optional): Masks per call of the mask feature
            extractor. 1 (the default) is the authors' loop over masks:
            in training each call runs a power-iteration step of spectral
            norm, so mask k of a set sees the mask convs' sigma after k
            steps, as in their code. None: all masks in one call (one
            step per discriminator call).
        official_init (bool): Initialize as the authors' code does: their
            init function (N(0, ``init_gain``) conv weights, zero biases)
            does not reach convs wrapped in their spectral norm, which
            therefore keep PyTorch's default init (kaiming-uniform
            weights, uniform biases). Defaults to True; False applies
            N(0, ``init_gain``) and zero biases to every conv.
        official_sigma_grad (bool): Differentiate each conv's sigma with
            the power-iteration vectors of the conv's latest call, as the
            authors' spectral norm does (it swaps ``u.data``/``v.data``
            under autograd): in the discriminator step every call (real,
            fake, one per mask) gets the fake call's last vectors. Only
            the discriminator's weight gradients move (by ~1% in the
            first convs early in training, less as the power iteration
            converges). Defaults to True; False uses each call's own
            vectors, as ``nn.utils.spectral_norm``. Needs
            ``spectral_norm_on_output``.
    """

    def __init__(self,
                 base_channels: int = 64,
                 norm_cfg: NormCfg = 'IN',
                 with_spectral_norm: bool = True,
                 spectral_norm_on_output: bool = True,
                 mask_chunk: Optional[int] = 1,
                 official_init: bool = True,
                 official_sigma_grad: bool = True,
                 init_gain: float = 0.02,
                 init_cfg=None) -> None:
        super().__init__('normal', init_gain, init_cfg,
                         skip_spectral_norm=official_init)
        if mask_chunk is not None and mask_chunk < 1:
            raise ValueError(f'mask_chunk must be None or >= 1, got '
                             f'{mask_chunk}')
        if (with_spectral_norm and official_sigma_grad
                and not spectral_norm_on_output):
            raise ValueError(
                'official_sigma_grad=True needs spectral_norm_on_output='
                "True (torch's spectral norm differentiates each call's own "
                'vectors); set official_sigma_grad=False with it')
        self.mask_chunk = mask_chunk
        ndf = base_channels
        sn = None
        if with_spectral_norm:
            sn = 'weight'
            if spectral_norm_on_output:
                sn = 'output_latest' if official_sigma_grad else 'output'
        self.img_features = _feature_extractor(3, ndf, norm_cfg, sn)
        self.mask_features = _feature_extractor(1, ndf, norm_cfg, sn)
        self.feat_channels = ndf * 4
        self.classifier = nn.Sequential(
            _sn_conv(ndf * 8, ndf * 16, 1, sn), build_norm(norm_cfg, ndf * 16),
            nn.LeakyReLU(0.2, True), _sn_conv(ndf * 16, 1, 1, sn))

    def forward(self, img: Tensor, masks: Tensor, valid: Tensor) -> Tensor:
        """img (B, 3, H, W), masks (B, N, H, W) in [-1, 1], valid (B, N)
        -> patch scores (B, 1, h, w)."""
        img_feat = self.img_features(img)
        if bool(valid.any()):
            feats, b_idx = _encode_valid(self.mask_features, masks, valid,
                                         self.mask_chunk)
        else:
            feats, b_idx = _empty_feats(img_feat, self.feat_channels,
                                        img_feat.shape[-2:])
        out = self.classifier(
            torch.cat([img_feat, _set_sum(feats, b_idx, img.shape[0])], 1))
        if self.training and not bool(valid.any()):
            out = _unused_guard(
                out, (self.mask_features, img.new_zeros(1, 1,
                                                        *img.shape[2:])))
        return out
