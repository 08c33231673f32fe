# MGUIT on INIT sunny <-> cloudy (paper §4); everything else as sunny2night.
_base_ = './sunny2night.py'
domains = ('sunny', 'cloudy')
