# The INIT dataset (Shen et al., CVPR 2019): street scenes under four
# weathers with car, person and traffic-sign boxes, converted per domain
# and split with tools/dataset_converters/box_txt.py (see
# configs/init/README.md). Short side resized to 360, crops of 360x360
# (MGUIT §4; INIT's configs use whole images); test images at a short side
# of 360, one at a time.
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
# The papers' test protocol on these data (MUNIT's, which INIT Tables
# 3-4, CGL Tables 2-5 and 7-8 and MGUIT Tables 1-2 follow): 100 test inputs
# per domain (drawn with a fixed seed), 100 random styles each; IS and CIS
# with an Inception-v3 fine-tuned on the weathers (`domain_classifier`:
# tools/analysis/train_domain_classifier.py --network InceptionV3Classifier,
# docs/reproduce.md), LPIPS (ImageNet AlexNet) over the first 19 pairs of
# each input's outputs, FID (pytorch-fid's Inception) against the target
# domain's test images. The multimodal paper configs take
# `test_evaluator = {{_base_.paper_metrics}}` and
# `model = dict(test_num_styles={{_base_.paper_test_styles}})`. Validation
# during training looks at 10 inputs.
paper_test_inputs = 100
paper_test_styles = 100
domain_classifier = 'work_dirs/classifiers/init_weather_inception_v3.pth'
paper_metrics = [
    dict(type='InceptionScoreMetric'),
    dict(type='LPIPSDiversityMetric', num_pairs=19),
    dict(type='FIDMetric'),
]

train_dataloader = dict(
    dataset=dict(max_instances=None, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    dataset=dict(max_instances=None, split='test', pipeline=test_pipeline,
                 num_test_inputs=10))
test_dataloader = dict(
    batch_size=1,
    dataset=dict(max_instances=None, split='test', pipeline=test_pipeline,
                 num_test_inputs=paper_test_inputs))
