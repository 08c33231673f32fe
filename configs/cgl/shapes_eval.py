# The toy run through the domain classifier of configs/stargan/README.md
# (trained on real grass / sand / snow images): the share of translations
# (4 random styles per image) classified as their target, per direction,
# preservation and LPIPS diversity (random AlexNet).
_base_ = './shapes.py'
test_evaluator = [
    dict(type='PreservationMetric'),
    dict(
        type='ClassificationScoreMetric',
        checkpoint='work_dirs/classifiers/shapes_multi_weather.pth'),
    dict(type='LPIPSDiversityMetric', pretrained=False),
]
