# A COCO category pair in the common format (default: sheep vs giraffe).
# Build it with tools/dataset_converters/coco_pairs.py (see the method
# README). InstaGAN's COCO setting (the authors' code): aspect-preserving
# resize to a shorter side of 256 and centre crop to 256x256 (so instance
# shapes are never distorted), then load 220x220 and random crop 200x200.
data_root = 'data/coco_sheep2giraffe'
# domains by name: annotations/<name>_<split>.json + images/<name>_<split>;
# every loader's dataset takes data_root and domains from here
# (mmi2i.apis.resolve_data), so a config changes them in one place
domains = ['sheep', 'giraffe']

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='ResizeAndCenterCrop', size=256),
    dict(type='Resize', scale=(220, 220)),
    dict(type='RandomCrop', crop_size=(200, 200)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='ResizeAndCenterCrop', size=256),
    dict(type='Resize', scale=(200, 200)),
    dict(type='PackTranslationInputs'),
]

train_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='translation_collate'),
    dataset=dict(
        type='UnpairedInstanceDataset',
        split='train',
        max_instances=20,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='translation_collate'),
    dataset=dict(
        type='UnpairedInstanceDataset',
        split='val',
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='PreservationMetric')
test_evaluator = val_evaluator
# The papers' metrics on COCO pairs (MGD-GAN Sec. 3.3; the paper configs'
# test_evaluator = {{_base_.coco_detection_metrics}}): background
# preservation and MMR/MODS/MVIS of the translated instances with mmdet's
# COCO Mask R-CNN, stated once here for every DetectionMatchMetric
# (mmi2i.apis.resolve_evaluators). The checkpoint is named by its file:
# fetched into torch's hub cache, hash checked, on first use.
coco_detection_metrics = [
    dict(type='PreservationMetric'),
    dict(type='DetectionMatchMetric'),
]
# InstaGAN's appendix Table 2 adds the masked classification score: a
# VGG-16 fine-tuned on the pair (`domain_classifier`, set by each config:
# tools/analysis/train_domain_classifier.py --network VGG16Classifier
# --masked, docs/reproduce.md)
coco_instagan_metrics = coco_detection_metrics + [
    dict(type='ClassificationScoreMetric')
]
det_config = 'configs/detectors/mask_rcnn_r50_fpn_coco.py'
det_checkpoint = 'mask_rcnn_r50_fpn_1x_coco_20200205-d4b0c5d6.pth'
