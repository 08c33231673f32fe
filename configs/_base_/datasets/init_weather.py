# The INIT dataset (Shen et al., CVPR 2019): street scenes under four
# weathers with car, person and traffic-sign boxes, converted per domain
# and split with tools/dataset_converters/box_txt.py (see
# configs/init/README.md). Short side resized to 360, crops of 360x360
# (INIT and MGUIT §4); test images at a short side of 360, one at a time.
# The loaders of coco_pair.py with this root, domains and classes.
_base_ = './coco_pair.py'
data_root = 'data/init'
# domains by name: annotations/<name>_<split>.json + images/<name>_<split>
domains = ['sunny', 'night']
classes = ('car', 'person', 'traffic_sign')  # the label order of models

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=360, keep_ratio=True),
    dict(type='RandomCrop', crop_size=(360, 360)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=360, keep_ratio=True),
    dict(type='PackTranslationInputs'),
]
train_dataloader = dict(
    dataset=dict(max_instances=None, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    dataset=dict(max_instances=None, split='test', pipeline=test_pipeline))
test_dataloader = val_dataloader
