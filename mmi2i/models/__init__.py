from .archs import *  # noqa: F401,F403
from .base_models import BaseTranslationModel
from .data_preprocessors import TranslationDataPreprocessor
from .editors import *  # noqa: F401,F403
from .inpainters import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403

__all__ = ['BaseTranslationModel', 'TranslationDataPreprocessor']
