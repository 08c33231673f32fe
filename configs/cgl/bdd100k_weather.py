# CGL on BDD100K's weather domains (paper §4.1, Table 1), as
# init_weather.py, its test_evaluator (IS, FID, LPIPS of sunny -> each
# weather) included, with an Inception-v3 fine-tuned on BDD100K's four
# weathers. Data: configs/stargan/README.md (bdd100k.py converter).
_base_ = './init_weather.py'
data_root = 'data/bdd100k_weather'
domain_classifier = 'work_dirs/classifiers/bdd100k_weather_inception_v3.pth'
val_dataloader = dict(dataset=dict(split='val'))
test_dataloader = dict(dataset=dict(split='val'))
paper_results = dict(
    source='CGL Tables 4, 5, 8, Ours w/ L_cgc',
    metrics={
        '_delete_': True,
        'is/sunny2night/IS': 1.50,
        'is/sunny2cloudy/IS': 1.32,
        'is/sunny2rainy/IS': 1.26,
        'fid/sunny2night': 40.14,
        'fid/sunny2cloudy': 34.53,
        'fid/sunny2rainy': 34.05,
        'lpips_div/sunny2night': 0.26,
        'lpips_div/sunny2cloudy': 0.23,
        'lpips_div/sunny2rainy': 0.22,
    })
