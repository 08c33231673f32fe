from .memory import (ClassAwareMemory, feature_contrastive, read_memory,
                     read_weights, update_memory, update_weights)

__all__ = [
    'ClassAwareMemory', 'read_weights', 'read_memory', 'update_weights',
    'update_memory', 'feature_contrastive'
]
