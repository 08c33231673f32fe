from .init import INIT
from .instances import (CONTENT_LEVELS, STYLE_LEVELS, association_allowed,
                        background_images, crop_instances)

__all__ = [
    'INIT', 'crop_instances', 'background_images', 'association_allowed',
    'CONTENT_LEVELS', 'STYLE_LEVELS'
]
