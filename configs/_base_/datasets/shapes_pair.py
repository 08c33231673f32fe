# Synthetic shapes, sheep-like blobs vs giraffe-like spotted shapes (64px).
# Build it with: python tools/dataset_converters/shapes.py --out data/shapes
data_root = 'data/shapes'
# domains by name: annotations/<name>_<split>.json + images/<name>_<split>;
# every loader's dataset takes data_root and domains from here
# (mmi2i.apis.resolve_data), so a config changes them in one place
domains = ['sheep', 'giraffe']
# the toy Mask R-CNN of the detection metrics (MMR/MODS/MVIS), stated once
# for every DetectionMatchMetric (mmi2i.apis.resolve_evaluators): train it
# with tools/detection/train_detector.py
# configs/detectors/mask_rcnn_tiny_shapes.py; a work dir means its newest
# checkpoint. Another detector: tools/test.py --det-checkpoint PATH
det_config = 'configs/detectors/mask_rcnn_tiny_shapes.py'
det_checkpoint = 'work_dirs/detectors/mask_rcnn_tiny_shapes'
# The weather papers' test protocol (_base_/datasets/init_weather.py) in
# miniature, for the toy shapes_protocol.py configs (docs/reproduce.md):
# IS/CIS with an Inception-v3 fine-tuned on the toy domains, LPIPS over 3
# pairs (random AlexNet) and FID in a random feature space, so that no
# download is needed; 10 inputs x 4 styles.
domain_classifier = 'work_dirs/classifiers/shapes_inception_v3.pth'
toy_paper_metrics = [
    dict(type='InceptionScoreMetric'),
    dict(type='LPIPSDiversityMetric', pretrained=False, num_pairs=3),
    dict(type='FIDMetric', feature_net=dict(type='RandomConvFeatures')),
]
toy_test_inputs = 10
toy_test_styles = 4

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=(72, 72)),
    dict(type='RandomCrop', crop_size=(64, 64)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=(64, 64)),
    dict(type='PackTranslationInputs'),
]

train_dataloader = dict(
    batch_size=1,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='translation_collate'),
    dataset=dict(
        type='UnpairedInstanceDataset',
        split='train',
        max_instances=8,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=4,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='translation_collate'),
    dataset=dict(
        type='UnpairedInstanceDataset',
        split='test',
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='PreservationMetric')
test_evaluator = val_evaluator
