from .preservation import PreservationMetric, region_l1

__all__ = ['PreservationMetric', 'region_l1']
