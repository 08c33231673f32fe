from .detection_match import DetectionMatchMetric
from .preservation import PreservationMetric, region_l1
from .quality import (ClassificationScoreMetric, FIDMetric,
                      InceptionScoreMetric, LPIPSDiversityMetric,
                      load_domain_classifier)

__all__ = [
    'PreservationMetric', 'region_l1', 'DetectionMatchMetric', 'FIDMetric',
    'InceptionScoreMetric', 'ClassificationScoreMetric',
    'load_domain_classifier', 'LPIPSDiversityMetric'
]
