# INIT on its own dataset, sunny <-> rainy (paper §4); as sunny2night.
_base_ = './sunny2night.py'
names = ('sunny', 'rainy')
model = dict(domains=names)
train_dataloader = dict(dataset=dict(domains=names))
val_dataloader = dict(dataset=dict(domains=names))
test_dataloader = val_dataloader
