# The toy run through CGL's paper protocol in miniature (IS with the toy
# Inception-v3 of the three scenes, LPIPS, FID of grass images translated
# to the other scenes; configs/_base_/datasets/shapes_pair.py), the toy
# rows of docs/reproduce.md.
_base_ = './shapes.py'
domain_classifier = 'work_dirs/classifiers/shapes_multi_inception_v3.pth'
model = dict(test_num_styles={{_base_.toy_test_styles}})
test_dataloader = dict(
    dataset=dict(
        num_test_inputs={{_base_.toy_test_inputs}}, test_domains=['grass']))
test_evaluator = {{_base_.toy_paper_metrics}}
