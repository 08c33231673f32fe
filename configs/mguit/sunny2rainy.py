# MGUIT on INIT sunny <-> rainy (paper §4); everything else as sunny2night.
_base_ = './sunny2night.py'
domains = ('sunny', 'rainy')
