import { describe, expect, it } from 'vitest';
import { chooseBackend, chooseModel } from './backendChoice';

const gpu = { adapter: true, fallback: false, description: 'NVIDIA H100' };
const swiftshader = { adapter: true, fallback: true, description: 'SwiftShader' };
const none = { adapter: false, fallback: false, description: '' };
const models = ['inceptionv3', 'mobilenetv2'];

describe('backend and model choice', () => {
  it('uses WebGPU only on a hardware adapter in auto mode', () => {
    expect(chooseBackend('auto', gpu).value).toBe('webgpu');
    expect(chooseBackend('auto', swiftshader)).toMatchObject({ value: 'wasm', reason: expect.stringContaining('software') });
    expect(chooseBackend('auto', none).value).toBe('wasm');
  });

  it('lets settings force a backend, WebGPU even on a software adapter', () => {
    expect(chooseBackend('webgpu', swiftshader).value).toBe('webgpu');
    expect(chooseBackend('wasm', gpu).value).toBe('wasm');
    expect(chooseBackend('webgpu', none).value).toBe('wasm');
  });

  it('picks the big model on a real GPU, Xception when loaded, the small one otherwise', () => {
    expect(chooseModel('auto', chooseBackend('auto', gpu), gpu, models).value).toBe('inceptionv3');
    expect(chooseModel('auto', chooseBackend('auto', gpu), gpu, [...models, 'xception']).value).toBe('xception');
    expect(chooseModel('auto', chooseBackend('auto', swiftshader), swiftshader, models).value).toBe('mobilenetv2');
    expect(chooseModel('auto', chooseBackend('webgpu', swiftshader), swiftshader, models).value).toBe('mobilenetv2');
    expect(chooseModel('inceptionv3', chooseBackend('auto', none), none, models)).toEqual({ value: 'inceptionv3', reason: 'chosen in settings' });
  });
});
