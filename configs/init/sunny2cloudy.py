# INIT on its own dataset, sunny <-> cloudy (paper §4); as sunny2night.
_base_ = './sunny2night.py'
domains = ('sunny', 'cloudy')
