# INIT on its own dataset, sunny <-> rainy (paper §4); as sunny2night.
_base_ = './sunny2night.py'
domains = ('sunny', 'rainy')
