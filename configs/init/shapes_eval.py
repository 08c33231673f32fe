# The toy run through the toy evaluation: background preservation and the
# LPIPS diversity of the 4 random styles per test image (test_num_styles in
# shapes.py). LPIPS with a random AlexNet backbone, since no ImageNet
# weights can be downloaded here: the numbers compare runs of this
# toolbox, not papers; with alexnet-owt-7be5be79.pth in the torch hub cache
# set pretrained=True (docs/evaluation.md).
_base_ = './shapes.py'
test_evaluator = [
    dict(type='PreservationMetric'),
    dict(type='LPIPSDiversityMetric', pretrained=False),
]
