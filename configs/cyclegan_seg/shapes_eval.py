# Evaluate the toy CycleGAN+Seg with the whole toy evaluation suite
# (docs/evaluation.md): background preservation, MMR/MODS/MVIS with the toy
# Mask R-CNN, the masked classification score with the toy classifier and
# FID in a fixed random feature space (Inception weights are not
# downloadable here; pass feature_net=None to use them when available).
_base_ = './shapes.py'
test_evaluator = [
    dict(type='PreservationMetric'),
    dict(type='DetectionMatchMetric', mask_source='gt'),
    dict(
        type='ClassificationScoreMetric',
        checkpoint='work_dirs/classifiers/shapes_masked.pth',
        mask_source='gt'),
    dict(
        type='FIDMetric',
        feature_net=dict(type='RandomConvFeatures'),
        reference=dict(
            sheep='data/shapes/images/sheep_test',
            giraffe='data/shapes/images/giraffe_test')),
]
