from ...losses import feature_contrastive
from .memory import (ClassAwareMemory, class_map, key_similarity, read_memory,
                     read_weights, update_memory, update_weights)
from .mguit import MGUIT

__all__ = [
    'ClassAwareMemory', 'read_weights', 'read_memory', 'update_weights',
    'update_memory', 'feature_contrastive', 'class_map', 'key_similarity',
    'MGUIT'
]
