import { describe, expect, it } from 'vitest';
import { resolveCloudCredentials } from '../../electron/core/providers/cloud-credentials.js';
import { defaultSettings } from '../../electron/core/settings.js';

describe('resolveCloudCredentials', () => {
  const environment = {
    ANTHROPIC_API_KEY: 'env-anthropic-key',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:9001',
    OPENAI_API_KEY: 'env-openai-key',
    OPENAI_BASE_URL: 'http://127.0.0.1:9002/v1',
  };

  it('takes the environment variables when Settings has no values', () => {
    expect(resolveCloudCredentials(defaultSettings, environment)).toEqual({
      anthropic: { apiKey: 'env-anthropic-key', baseURL: 'http://127.0.0.1:9001' },
      openai: { apiKey: 'env-openai-key', baseURL: 'http://127.0.0.1:9002/v1' },
    });
  });

  it('lets a value in Settings win over the environment', () => {
    const settings = {
      ...defaultSettings,
      anthropicApiKey: 'settings-anthropic-key',
      openaiApiKey: 'settings-openai-key',
      openaiBaseUrl: 'http://127.0.0.1:9003/v1',
    };
    expect(resolveCloudCredentials(settings, environment)).toEqual({
      anthropic: { apiKey: 'settings-anthropic-key', baseURL: 'http://127.0.0.1:9001' },
      openai: { apiKey: 'settings-openai-key', baseURL: 'http://127.0.0.1:9003/v1' },
    });
  });

  it('gives nothing when neither has a value, and treats blank values as none', () => {
    expect(resolveCloudCredentials(defaultSettings, {})).toEqual({ anthropic: {}, openai: {} });
    expect(resolveCloudCredentials(defaultSettings, { ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '   ' })).toEqual({ anthropic: {}, openai: {} });
  });
});
