# The DRIT++ authors' released example.pth (yosemite summer <-> winter,
# --concat 1), converted with tools/model_converters/drit_official.py
# (configs/drit/README.md). Their test: a 256x256 bicubic resize, centre
# crop 216. The data: CycleGAN's summer2winter_yosemite folders converted
# with instagan_folders.py --allow-empty.
_base_ = ['./sheep2giraffe.py']
data_root = 'data/summer2winter_yosemite'
domains = ['summer', 'winter']
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=(256, 256)),
    dict(type='CenterCrop', crop_size=(216, 216)),
    dict(type='PackTranslationInputs'),
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
