from .instance_match import mask_iou_matrix, match_instances, summarize_matches
from .quality import (conditional_inception_score, frechet_distance,
                      inception_score, lpips_diversity, masked, softmax_probs)
from .shape_stats import mask_aspect_ratios

__all__ = [
    'mask_iou_matrix', 'match_instances', 'summarize_matches',
    'frechet_distance', 'inception_score', 'conditional_inception_score',
    'lpips_diversity', 'masked', 'softmax_probs', 'mask_aspect_ratios'
]
