# InstaGAN on CCP jeans <-> skirt (paper: load 330x220, crop 300x200; h x w,
# aspect-preserving; the longer schedule of the small dataset: 400 + 200
# epochs).
# Data: tools/dataset_converters/ccp.py (see README.md).
_base_ = './sheep2giraffe.py'
domains = ('jeans', 'skirt')
data_root = 'data/ccp_jeans2skirt'
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='ResizeAndCenterCrop', size=(220, 330)),  # (w, h)
    dict(type='RandomCrop', crop_size=(200, 300)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='ResizeAndCenterCrop', size=(200, 300)),
    dict(type='PackTranslationInputs'),
]
train_dataloader = dict(
    dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(
    dataset=dict(
        split='test',
        pipeline=test_pipeline))
val_dataloader = test_dataloader
n_epochs, n_epochs_decay = 400, 200
train_cfg = dict(max_epochs=n_epochs + n_epochs_decay)
param_scheduler = [
    dict(type='LinearDecayLR',
         decay_from=n_epochs / (n_epochs + n_epochs_decay))
]
# clothes are not COCO classes: no detector metrics here; InstaGAN's
# appendix Table 1 reports the (unmasked) classification score of a VGG-16
# fine-tuned on the pair (tools/analysis/train_domain_classifier.py
# --network VGG16Classifier, without --masked; docs/reproduce.md)
test_evaluator = [
    dict(type='PreservationMetric'),
    dict(type='ClassificationScoreMetric')
]
domain_classifier = 'work_dirs/classifiers/ccp_jeans2skirt_vgg16.pth'
paper_results = dict(
    source='InstaGAN Table 1 (test), InstaGAN row',
    metrics={
        '_delete_': True,  # not the base config's row
        'cls/jeans2skirt': 60.0,
        'cls/skirt2jeans': 54.0,
    })
