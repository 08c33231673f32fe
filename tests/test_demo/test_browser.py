"""The demo page in a real headless browser (Chromium through Playwright):
upload, draw an instance, translate, K styles, a bad upload.

``MMI2I_DEMO_SCREENSHOT=docs/images/demo.png`` also saves the page there
(the README's screenshot)."""
import os
import shutil
import socket

import numpy as np
import pytest
from PIL import Image

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _newest_session(root):
    return max((os.path.join(root, d) for d in os.listdir(root)),
               key=os.path.getmtime)


@pytest.fixture
def browser():
    if CHROMIUM is None:
        pytest.fail('the browser test needs Debian\'s chromium: apt-get '
                    'install chromium (.ci/run installs it)')
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail('the browser test needs playwright: pip install -r '
                    'requirements/demo.txt')
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=['--no-sandbox'])
        yield b
        b.close()


def _wait_status(page, text, timeout=60000):
    page.wait_for_function(
        "t => document.querySelector('#status').innerText.includes(t)",
        arg=text, timeout=timeout)
    return page.locator('#status').inner_text()


def _choose_model(page, method):
    page.click('#model input')
    page.get_by_role('option', name=method).click()
    page.wait_for_function(
        "m => document.querySelector('#model-info').innerText.includes(m)",
        arg=method)


@pytest.mark.timeout(300)
def test_page_in_a_headless_browser(gradio_app, demo_models, browser,
                                    tmp_path):
    sessions = str(tmp_path / 'sessions')
    port = _free_port()
    app = gradio_app.main(
        [*demo_models['instagan'], *demo_models['munit'], '--port',
         str(port), '--session-dir', sessions, '--device', 'cpu'],
        block=False)
    try:
        # a flat green photo: the test finds it on the drawing canvas
        photo = np.zeros((240, 320, 3), np.uint8)
        photo[..., 1] = 220
        photo[..., 0] = np.linspace(0, 40, 320)[None].astype(np.uint8)
        Image.fromarray(photo).save(tmp_path / 'photo.png')
        page = browser.new_page(viewport={'width': 1400, 'height': 1200})
        page.goto(f'http://127.0.0.1:{port}/')
        page.wait_for_selector('#translate')
        assert page.title() == 'mmi2i demo'

        _choose_model(page, 'InstaGAN')
        page.locator('#photo input[type=file]').set_input_files(
            str(tmp_path / 'photo.png'))
        _wait_status(page, 'loaded')
        page.wait_for_timeout(1500)  # the editor draws the photo
        box = page.locator('#editor canvas').first.bounding_box()
        import io
        shot = np.asarray(Image.open(io.BytesIO(
            page.screenshot(clip=box))).convert('RGB')).astype(int)
        ys, xs = np.nonzero((shot[..., 1] > 180) & (shot[..., 2] < 60))
        assert len(xs), 'the photo is not on the drawing canvas'
        cx = box['x'] + (xs.min() + xs.max()) / 2
        cy = box['y'] + (ys.min() + ys.max()) / 2
        page.mouse.move(cx - 20, cy - 8)
        page.mouse.down()
        for dx in range(-20, 21, 2):  # a brush stroke: one instance
            page.mouse.move(cx + dx, cy)
        page.mouse.move(cx + 20, cy + 8)
        page.mouse.up()
        page.click('#translate')
        status = _wait_status(page, 'translation(s)')
        assert '1 instance(s)' in status
        out = np.asarray(Image.open(os.path.join(_newest_session(sessions),
                                                 'output_0.png')))
        assert out.shape == photo.shape and not np.array_equal(out, photo)
        size = page.evaluate("document.querySelector('#gallery img')"
                             ".naturalWidth")
        assert size == 320
        page.screenshot(path=str(tmp_path / 'instagan.png'), full_page=True)

        _choose_model(page, 'MUNIT')  # 3 styles by default
        page.click('#translate')
        _wait_status(page, '3 translation(s)')
        session = _newest_session(sessions)
        outs = [np.asarray(Image.open(os.path.join(session,
                                                   f'output_{k}.png')))
                for k in range(3)]
        assert all(o.shape == photo.shape for o in outs)
        assert not np.array_equal(outs[0], outs[1]) and \
            not np.array_equal(outs[1], outs[2])
        assert page.locator('#gallery img').count() == 3
        page.screenshot(path=str(tmp_path / 'page.png'), full_page=True)
        if os.environ.get('MMI2I_DEMO_SCREENSHOT'):  # the README's picture
            page.screenshot(path=os.environ['MMI2I_DEMO_SCREENSHOT'],
                            full_page=True)

        (tmp_path / 'notes.txt').write_text('not an image')
        page.click('#photo button[aria-label="Clear"]')
        page.locator('#photo input[type=file]').set_input_files(
            str(tmp_path / 'notes.txt'))
        assert 'notes.txt is not an image' in _wait_status(page, 'Error')
        assert (tmp_path / 'page.png').stat().st_size > 10000
    finally:
        app.close()
