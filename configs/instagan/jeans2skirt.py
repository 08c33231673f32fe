# InstaGAN on CCP jeans <-> skirt (paper: load 330x220, crop 300x200; h x w;
# the longer schedule: constant for 2/3, linear decay over the last 1/3 -
# the paper's 400 + 200 epochs of a small dataset).
# Data: tools/dataset_converters/ccp.py (see README.md).
_base_ = './sheep2giraffe.py'
names = ('jeans', 'skirt')
data_root = 'data/ccp_jeans2skirt'
model = dict(domains=names)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=(220, 330)),  # (w, h)
    dict(type='RandomCrop', crop_size=(200, 300)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=(200, 300)),
    dict(type='PackTranslationInputs'),
]
train_dataloader = dict(
    dataset=dict(data_root=data_root, domains=names, pipeline=train_pipeline))
test_dataloader = dict(
    dataset=dict(
        data_root=data_root, domains=names, split='test',
        pipeline=test_pipeline))
val_dataloader = test_dataloader
max_iters = 300000
train_cfg = dict(max_iters=max_iters, val_interval=20000)
param_scheduler = [
    dict(type='LinearLR', start_factor=1.0, end_factor=0.0, by_epoch=False,
         begin=200000, end=max_iters)
]
