# MGUIT on INIT sunny <-> cloudy (paper §4); everything else as sunny2night.
_base_ = './sunny2night.py'
names = ('sunny', 'cloudy')
model = dict(domains=names)
train_dataloader = dict(dataset=dict(domains=names))
val_dataloader = dict(dataset=dict(domains=names))
test_dataloader = val_dataloader
