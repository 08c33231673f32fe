"""Registries of mmi2i.

Every registry is a child of the MMEngine root of the same kind, so configs
built through the Runner find mmi2i classes under ``default_scope='mmi2i'``
and still fall back to MMEngine's own classes. ``GENERATORS``,
``DISCRIMINATORS``, ``BACKBONES`` and ``LOSSES`` are children of
:data:`MODELS`: a nested ``type=`` in a model config resolves wherever the
class was registered, and a plugin may decorate with the precise registry.
"""
from mmengine.registry import DATA_SAMPLERS as MMENGINE_DATA_SAMPLERS
from mmengine.registry import DATASETS as MMENGINE_DATASETS
from mmengine.registry import EVALUATOR as MMENGINE_EVALUATOR
from mmengine.registry import FUNCTIONS as MMENGINE_FUNCTIONS
from mmengine.registry import HOOKS as MMENGINE_HOOKS
from mmengine.registry import LOG_PROCESSORS as MMENGINE_LOG_PROCESSORS
from mmengine.registry import LOOPS as MMENGINE_LOOPS
from mmengine.registry import METRICS as MMENGINE_METRICS
from mmengine.registry import MODEL_WRAPPERS as MMENGINE_MODEL_WRAPPERS
from mmengine.registry import MODELS as MMENGINE_MODELS
from mmengine.registry import \
    OPTIM_WRAPPER_CONSTRUCTORS as MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS
from mmengine.registry import OPTIM_WRAPPERS as MMENGINE_OPTIM_WRAPPERS
from mmengine.registry import OPTIMIZERS as MMENGINE_OPTIMIZERS
from mmengine.registry import PARAM_SCHEDULERS as MMENGINE_PARAM_SCHEDULERS
from mmengine.registry import RUNNERS as MMENGINE_RUNNERS
from mmengine.registry import TASK_UTILS as MMENGINE_TASK_UTILS
from mmengine.registry import TRANSFORMS as MMENGINE_TRANSFORMS
from mmengine.registry import VISBACKENDS as MMENGINE_VISBACKENDS
from mmengine.registry import VISUALIZERS as MMENGINE_VISUALIZERS
from mmengine.registry import \
    WEIGHT_INITIALIZERS as MMENGINE_WEIGHT_INITIALIZERS
from mmengine.registry import Registry

__all__ = [
    'RUNNERS', 'LOOPS', 'HOOKS', 'LOG_PROCESSORS', 'DATASETS',
    'DATA_SAMPLERS', 'TRANSFORMS', 'FUNCTIONS', 'MODELS', 'BACKBONES',
    'GENERATORS', 'DISCRIMINATORS', 'LOSSES', 'MODEL_WRAPPERS',
    'WEIGHT_INITIALIZERS', 'OPTIMIZERS', 'OPTIM_WRAPPERS',
    'OPTIM_WRAPPER_CONSTRUCTORS', 'PARAM_SCHEDULERS', 'METRICS', 'EVALUATOR',
    'TASK_UTILS', 'VISUALIZERS', 'VISBACKENDS', 'INPAINTERS'
]

# runtime
RUNNERS = Registry(
    'runner', parent=MMENGINE_RUNNERS, locations=['mmi2i.engine'])
LOOPS = Registry('loop', parent=MMENGINE_LOOPS, locations=['mmi2i.engine'])
HOOKS = Registry('hook', parent=MMENGINE_HOOKS, locations=['mmi2i.engine'])
LOG_PROCESSORS = Registry(
    'log_processor',
    parent=MMENGINE_LOG_PROCESSORS,
    locations=['mmi2i.engine'])

# data
DATASETS = Registry(
    'dataset', parent=MMENGINE_DATASETS, locations=['mmi2i.datasets'])
DATA_SAMPLERS = Registry(
    'data sampler',
    parent=MMENGINE_DATA_SAMPLERS,
    locations=['mmi2i.datasets'])
TRANSFORMS = Registry(
    'transform',
    parent=MMENGINE_TRANSFORMS,
    locations=['mmi2i.datasets.transforms'])
FUNCTIONS = Registry(
    'function', parent=MMENGINE_FUNCTIONS, locations=['mmi2i.datasets'])


class ModelRegistry(Registry):
    """MODELS, which also finds classes registered in its children.

    MMEngine's ``Registry.get`` looks in a registry and its ancestors only.
    mmi2i keeps generators, discriminators, backbones and losses in child
    registries of MODELS (so each kind can be listed on its own), and a
    nested ``type='ResnetGenerator'`` built through MODELS must still
    resolve; this lookup falls back to the children.
    """

    def get(self, key: str):
        obj = super().get(key)
        if obj is None and isinstance(key, str) and '.' not in key:
            for child in self._children.values():
                child.import_from_location()
                if key in child.module_dict:
                    return child.module_dict[key]
        return obj


# models
MODELS = ModelRegistry(
    'model', parent=MMENGINE_MODELS, locations=['mmi2i.models'])
BACKBONES = Registry(
    'backbone',
    parent=MODELS,
    scope='mmi2i_backbone',
    locations=['mmi2i.models.archs'])
GENERATORS = Registry(
    'generator',
    parent=MODELS,
    scope='mmi2i_generator',
    locations=['mmi2i.models.archs'])
DISCRIMINATORS = Registry(
    'discriminator',
    parent=MODELS,
    scope='mmi2i_discriminator',
    locations=['mmi2i.models.archs'])
LOSSES = Registry(
    'loss',
    parent=MODELS,
    scope='mmi2i_loss',
    locations=['mmi2i.models.losses'])
#: background inpainters (MGD-GAN's designed supervision); pluggable
INPAINTERS = Registry(
    'inpainter',
    parent=MODELS,
    scope='mmi2i_inpainter',
    locations=['mmi2i.models.inpainters'])
MODEL_WRAPPERS = Registry(
    'model_wrapper',
    parent=MMENGINE_MODEL_WRAPPERS,
    locations=['mmi2i.models'])
WEIGHT_INITIALIZERS = Registry(
    'weight initializer',
    parent=MMENGINE_WEIGHT_INITIALIZERS,
    locations=['mmi2i.models'])

# optimization
OPTIMIZERS = Registry(
    'optimizer', parent=MMENGINE_OPTIMIZERS, locations=['mmi2i.engine'])
OPTIM_WRAPPERS = Registry(
    'optim_wrapper',
    parent=MMENGINE_OPTIM_WRAPPERS,
    locations=['mmi2i.engine'])
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS,
    locations=['mmi2i.engine'])
PARAM_SCHEDULERS = Registry(
    'parameter scheduler',
    parent=MMENGINE_PARAM_SCHEDULERS,
    locations=['mmi2i.engine'])

# evaluation and visualization
METRICS = Registry(
    'metric', parent=MMENGINE_METRICS, locations=['mmi2i.evaluation'])
EVALUATOR = Registry(
    'evaluator', parent=MMENGINE_EVALUATOR, locations=['mmi2i.evaluation'])
TASK_UTILS = Registry(
    'task util', parent=MMENGINE_TASK_UTILS, locations=['mmi2i.models'])
VISUALIZERS = Registry(
    'visualizer',
    parent=MMENGINE_VISUALIZERS,
    locations=['mmi2i.visualization'])
VISBACKENDS = Registry(
    'vis_backend',
    parent=MMENGINE_VISBACKENDS,
    locations=['mmi2i.visualization'])
