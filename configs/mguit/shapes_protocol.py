# The toy run through MGUIT's paper protocol in miniature (IS/CIS with the
# toy Inception-v3 of the grass and snow scenes, LPIPS, FID;
# configs/_base_/datasets/shapes_pair.py), the toy rows of
# docs/reproduce.md.
_base_ = './shapes.py'
domain_classifier = 'work_dirs/classifiers/shapes_multi_inception_v3.pth'
model = dict(test_num_styles={{_base_.toy_test_styles}})
test_dataloader = dict(
    dataset=dict(num_test_inputs={{_base_.toy_test_inputs}}))
test_evaluator = {{_base_.toy_paper_metrics}}
