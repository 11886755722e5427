import assert from 'node:assert/strict';
import { stems } from '../../../server/analysis/text';

describe('analysis: text normalisation', () => {
  it('maps German and French data-use words to the English stems the policy text uses', () => {
    const de = stems('Slack analysiert Nachrichten, Inhalte und Dateien seiner Kunden, um KI-Modelle zu entwickeln', 'de');
    const fr = stems('Slack utilise les messages et fichiers de ses clients pour entraîner ses modèles', 'fr');
    const en = stems('Slack analyzes customer messages and files to train its models', 'en');
    for (const s of ['messag', 'file', 'custom', 'model']) {
      assert.ok(de.includes(s), `de lacks ${s}: ${de.join(' ')}`);
      assert.ok(fr.includes(s), `fr lacks ${s}: ${fr.join(' ')}`);
      assert.ok(en.includes(s), `en lacks ${s}: ${en.join(' ')}`);
    }
  });

  it('expands domain abbreviations (DMs, ML, opt-out) into the words they stand for', () => {
    const s = stems('They train ML on DMs and the opt-out is an email', 'en');
    assert.ok(s.includes('direct') && s.includes('messag'));
    assert.ok(s.includes('machin') && s.includes('learn'));
    assert.ok(s.includes('opt') && s.includes('out'));
  });
});
