# The toy run through a domain classifier trained on real images of the
# three domains (tools/analysis/train_domain_classifier.py, see README):
# the share of translations classified as their target domain, per
# direction (chance 33%), and background preservation.
_base_ = './shapes.py'
test_evaluator = [
    dict(type='PreservationMetric'),
    dict(
        type='ClassificationScoreMetric',
        checkpoint='work_dirs/classifiers/shapes_multi_weather.pth'),
]
