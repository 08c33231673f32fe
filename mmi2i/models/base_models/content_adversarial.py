"""The parts DRIT++ and MGUIT share: two domains, content codes made
domain-invariant by a content discriminator, and DRIT's update schedule."""
from typing import Optional

from torch import Tensor

from .per_domain_model import PerDomainTranslationModel, fill_style_dim
from .step_context import StepContext


class ContentAdversarialModel(PerDomainTranslationModel):
    """Two domains whose content codes a ``content_discriminator`` tries to
    tell apart (DRIT++, MGUIT).

    Networks: per domain ``content_encoder`` (followed by the shared
    ``content_shared`` layer), ``style_encoder``, ``decoder`` and the
    domain discriminators a subclass names; shared ``content_shared``,
    ``decoder_shared`` and ``content_discriminator`` (its own optimizer
    group). The subclasses give :meth:`decode`, :meth:`forward_train`,
    :meth:`generator_loss` and :meth:`domain_discriminator_loss`.

    Update schedule (DRIT's ``train.py``, kept by MGUIT's): every
    ``d_iter`` iterations the domain discriminators and then the
    encoders/decoders are updated; on the other iterations only the
    content discriminator is, on content codes alone.

    Args:
        networks (dict): Per-domain network configs.
        shared_networks (dict): ``content_shared``, ``decoder_shared``,
            ``content_discriminator`` (and any a subclass adds).
        style_dim (int): Style code length, given to the kinds of
            :attr:`style_dim_kinds`.
        d_iter (int): Full update every ``d_iter`` iterations. Defaults
            to 3.
        disc_loss_scale (float): Factor of the domain discriminators'
            losses. Defaults to 1.
        **kwargs: See :class:`PerDomainTranslationModel`.
    """

    shared_kinds = ('content_shared', 'decoder_shared',
                    'content_discriminator')
    optim_group_prefixes = {
        'generators': ('content_encoder', 'content_shared', 'style_encoder',
                       'decoder'),
        'discriminators': ('discriminator', ),
        'content_discriminator': ('content_discriminator', ),
    }
    discriminator_groups = ('discriminators', 'content_discriminator')
    #: Network kinds whose configs get the model's ``style_dim``.
    style_dim_kinds = ('style_encoder', 'decoder')

    def __init__(self, domains=('A', 'B'), networks: Optional[dict] = None,
                 shared_networks: Optional[dict] = None, style_dim: int = 8,
                 d_iter: int = 3, disc_loss_scale: float = 1.0,
                 **kwargs) -> None:
        name = type(self).__name__
        if len(domains) != 2:
            raise ValueError(f'{name} translates between two domains, got '
                             f'{list(domains)}')
        if networks is None or shared_networks is None:
            raise ValueError(f'{name} needs networks=dict(...) and '
                             'shared_networks=dict(...); see '
                             f'configs/_base_/models/{name.lower()}.py')
        if d_iter < 1:
            raise ValueError(f'd_iter must be >= 1, got {d_iter}')
        networks = fill_style_dim(networks, style_dim, self.style_dim_kinds)
        super().__init__(domains, networks, shared_networks,
                         style_dim=style_dim, **kwargs)
        self.disc_loss_scale = disc_loss_scale
        self.d_iter = d_iter

    def update_groups(self, iteration: int):
        g_groups, d_groups = super().update_groups(iteration)
        if (iteration + 1) % self.d_iter != 0:
            return (), ('content_discriminator', )
        return g_groups, d_groups

    def content(self, img: Tensor, domain: str) -> Tensor:
        """The content code: the domain's encoder, then the shared layer."""
        return self.content_shared(self.net('content_encoder', domain)(img))

    def discriminator_loss(self, inputs: dict, outputs: dict,
                           ctx: StepContext) -> dict:
        """The domain discriminators' losses (full iterations only) and
        the content discriminator's (every iteration)."""
        a, b = self.domains
        losses = {}
        if ctx.updates('discriminators'):
            losses.update(self.domain_discriminator_loss(outputs))
        adv = self.losses['content_adv']
        losses['loss_disc_content'] = (
            adv(self.content_discriminator(outputs['content'][a]), 0.0, True) +
            adv(self.content_discriminator(outputs['content'][b]), 1.0, True))
        return losses

    def domain_discriminator_loss(self, outputs: dict) -> dict:
        """The domain discriminators' losses, per target domain."""
        raise NotImplementedError
