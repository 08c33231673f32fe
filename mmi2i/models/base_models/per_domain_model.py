"""Per-domain networks of the content-style family (MUNIT, DRIT++, ...)."""
import copy
from typing import Dict, Optional, Sequence, Tuple

import torch.nn as nn

from mmi2i.registry import MODELS
from ..utils import content_width, fill_args
from .base_translation_model import BaseTranslationModel


class PerDomainTranslationModel(BaseTranslationModel):
    """A model with one network of each kind per domain, plus shared ones.

    Each network is a direct child (one DDP wrapper each): per-domain
    networks are named ``<kind>_<domain>`` (``content_encoder_sheep``,
    ``decoder_giraffe``...), shared ones ``<kind>``. A translation
    A -> B composes them, e.g. ``decoder_B(content_encoder_A(x), style)``.

    Args:
        domains (Sequence[str]): Domain names (Python identifiers).
        networks (dict): Kind -> config, built once per domain; a kind
            mapped to None is skipped (e.g. optional networks).
        shared_networks (dict, optional): Kind -> config, built once.
        style_dim (int, optional): Style code length of multimodal
            methods (sets :attr:`style_dim`).
        **kwargs: See :class:`BaseTranslationModel`.
    """

    #: Kinds built once per domain / once in all; configs must give them.
    per_domain_kinds: Sequence[str] = ()
    shared_kinds: Sequence[str] = ()
    #: Network kind -> its argument that is the content width (what the
    #: ``content_encoder`` config gives, :func:`~mmi2i.models.utils.
    #: content_width`): filled in, so configs never write it.
    content_width_args: Dict[str, str] = {}

    def __init__(self,
                 domains: Sequence[str],
                 networks: Dict[str, dict],
                 shared_networks: Optional[Dict[str, dict]] = None,
                 style_dim: Optional[int] = None,
                 **kwargs) -> None:
        super().__init__(domains, **kwargs)
        bad = [d for d in self.domains if not d.isidentifier()]
        if bad:
            raise ValueError(f'{type(self).__name__} names its networks '
                             f'after the domains: {bad} must be Python '
                             'identifiers (letters, digits, underscores)')
        shared_networks = dict(shared_networks or {})
        for given, kinds, what in ((networks, self.per_domain_kinds,
                                    'networks'),
                                   (shared_networks, self.shared_kinds,
                                    'shared_networks')):
            missing = [k for k in kinds if k not in given]
            unknown = [k for k in given if k not in kinds]
            if missing or unknown:
                raise KeyError(
                    f'{type(self).__name__} {what} must give exactly '
                    f'{list(kinds)}; missing {missing}, unknown {unknown}')
        if style_dim is not None:
            self.style_dim = int(style_dim)
        networks, shared_networks = self.fill_content_width(
            networks, shared_networks)
        for kind, cfg in networks.items():
            if cfg is None:  # an optional network the config leaves out
                continue
            for domain in self.domains:
                self.add_module(f'{kind}_{domain}',
                                MODELS.build(copy.deepcopy(cfg)))
        for kind, cfg in shared_networks.items():
            self.add_module(kind, MODELS.build(copy.deepcopy(cfg)))

    @classmethod
    def fill_content_width(cls, networks: Dict[str, dict],
                           shared_networks: Optional[Dict[str, dict]] = None
                           ) -> Tuple[Dict[str, dict], Dict[str, dict]]:
        """Copies of the network configs with the content width given to
        every kind of :attr:`content_width_args` (a config naming another
        width is an error)."""
        networks = dict(networks)
        shared = dict(shared_networks or {})
        encoder = networks.get('content_encoder')
        if encoder is None or not cls.content_width_args:
            return networks, shared
        width = content_width(encoder)
        for kind, arg in cls.content_width_args.items():
            nets = networks if kind in networks else shared
            if nets.get(kind) is not None:
                nets[kind] = fill_args(nets[kind], kind, **{arg: width})
        return networks, shared

    def net(self, kind: str, domain: str) -> nn.Module:
        """The ``kind`` network of ``domain`` (its DDP wrapper when
        training distributed, since wrappers replace the children)."""
        if domain not in self.domains:
            raise KeyError(f'unknown domain {domain!r}; domains are '
                           f'{self.domains}')
        name = f'{kind}_{domain}'
        if name not in self._modules:
            raise KeyError(f'{type(self).__name__} has no {kind!r} network; '
                           f'its per-domain kinds are '
                           f'{list(self.per_domain_kinds)}')
        return self._modules[name]


def fill_style_dim(networks: Dict[str, dict], style_dim: int,
                   kinds: Sequence[str] = ('style_encoder', 'decoder')
                   ) -> Dict[str, dict]:
    """Give the style length to the networks that need it, so a config
    states it once (the model's ``style_dim``); a network config naming
    another length is an error."""
    networks = copy.deepcopy(dict(networks))
    for kind in kinds:
        if networks.get(kind) is not None:
            networks[kind] = fill_args(networks[kind], kind,
                                       style_dim=style_dim)
    return networks
