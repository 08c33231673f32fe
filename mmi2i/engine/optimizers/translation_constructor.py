"""Build one optimizer wrapper per network group of a translation model."""
import copy
from typing import Dict, List, Optional

import torch.nn as nn
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict

from mmi2i.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class TranslationOptimWrapperConstructor:
    """Build an :class:`OptimWrapperDict` for generator/discriminator groups.

    Config::

        optim_wrapper = dict(
            constructor='TranslationOptimWrapperConstructor',
            generators=dict(optimizer=dict(type='Adam', lr=2e-4,
                                           betas=(0.5, 0.999))),
            discriminators=dict(optimizer=dict(type='Adam', lr=2e-4,
                                               betas=(0.5, 0.999))))

    A group takes the model's direct children whose names start with one of
    ``model.optim_group_prefixes[group]``, or exactly the children listed in
    the group's ``modules``. Every child with trainable parameters must
    belong to exactly one group.
    """

    def __init__(self, optim_wrapper_cfg: dict,
                 paramwise_cfg: Optional[dict] = None) -> None:
        if not isinstance(optim_wrapper_cfg, dict) or not optim_wrapper_cfg:
            raise TypeError('optim_wrapper must map group names (e.g. '
                            '"generators", "discriminators") to configs')
        self.optim_wrapper_cfg = {
            k: copy.deepcopy(v)
            for k, v in optim_wrapper_cfg.items() if k != 'constructor'
        }
        self.paramwise_cfg = paramwise_cfg

    def __call__(self, model: nn.Module) -> OptimWrapperDict:
        module = getattr(model, 'module', model)
        prefixes: Dict[str, tuple] = getattr(module, 'optim_group_prefixes',
                                             {})
        children = dict(module.named_children())
        trainable = {
            n
            for n, m in children.items()
            if any(p.requires_grad for p in m.parameters())
        }
        claimed: Dict[str, str] = {}
        wrappers = {}
        for group, cfg in self.optim_wrapper_cfg.items():
            cfg = dict(cfg)
            names: Optional[List[str]] = cfg.pop('modules', None)
            if names is None:
                if group not in prefixes:
                    raise KeyError(
                        f'optimizer group "{group}": {type(module).__name__} '
                        f'defines groups {sorted(prefixes)}; give '
                        '`modules=[...]` to name its networks')
                names = [
                    n for n in children if n in trainable
                    and n.startswith(tuple(prefixes[group]))
                ]
            unknown = [n for n in names if n not in children]
            if unknown:
                raise KeyError(f'optimizer group "{group}": no child modules '
                               f'{unknown}; children are {sorted(children)}')
            if not names:
                raise ValueError(f'optimizer group "{group}" matches no '
                                 f'network of {type(module).__name__}')
            for n in names:
                if n in claimed:
                    raise ValueError(f'"{n}" is in optimizer groups '
                                     f'"{claimed[n]}" and "{group}"')
                claimed[n] = group
            cfg.setdefault('type', 'OptimWrapper')
            sub = nn.ModuleList([children[n] for n in names])
            wrappers[group] = DefaultOptimWrapperConstructor(
                cfg, self.paramwise_cfg)(sub)
        orphans = sorted(trainable - set(claimed))
        if orphans:
            raise ValueError(
                f'networks {orphans} of {type(module).__name__} have '
                'trainable parameters but belong to no optimizer group; name '
                'them with a group prefix or list them in `modules`')
        return OptimWrapperDict(**wrappers)
