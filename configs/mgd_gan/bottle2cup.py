# MGD-GAN on COCO bottle <-> cup (IJCAI 2021, Sec. 3), as sheep2giraffe.py.
# Data: configs/mgd_gan/README.md.
_base_ = './sheep2giraffe.py'
domains = ('bottle', 'cup')
data_root = 'data/coco_bottle2cup'
model = dict(domains=domains)
train_dataloader = dict(dataset=dict(data_root=data_root, domains=domains))
test_dataloader = dict(dataset=dict(data_root=data_root, domains=domains))
val_dataloader = test_dataloader
