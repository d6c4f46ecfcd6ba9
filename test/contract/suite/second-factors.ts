import { describe, expect, it } from 'vitest';
import { SECOND, type SubjectRef } from './subject.js';

const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);
const hash = (n: number): string => n.toString(16).padStart(64, '0');

export function totpFactorsContract(s: SubjectRef): void {
  describe('totp factors', () => {
    it('totpFactors.get() is null for a user without one', async () => {
      expect(await s.storage.totpFactors.get(ALICE)).toBeNull();
    });

    it('putUnconfirmed() stores an unconfirmed factor and replaces an unconfirmed one', async () => {
      const first = s.clock.now();
      expect(await s.storage.totpFactors.putUnconfirmed(ALICE, 'sealed-1')).toBe(true);
      expect(await s.storage.totpFactors.get(ALICE)).toEqual({
        userId: ALICE,
        sealedSecret: 'sealed-1',
        createdAt: first,
        confirmedAt: null,
        lastStep: null,
      });
      s.clock.advance(5);
      expect(await s.storage.totpFactors.putUnconfirmed(ALICE, 'sealed-2')).toBe(true);
      expect(await s.storage.totpFactors.get(ALICE)).toMatchObject({
        sealedSecret: 'sealed-2',
        createdAt: first + 5 * SECOND,
        confirmedAt: null,
      });
      expect(await s.storage.totpFactors.get(BOB)).toBeNull();
    });

    it('confirm() records the instant and the step once; putUnconfirmed() then changes nothing', async () => {
      await s.storage.totpFactors.putUnconfirmed(ALICE, 'sealed-1');
      s.clock.advance(3);
      expect(await s.storage.totpFactors.confirm(ALICE, 100)).toBe(true);
      expect(await s.storage.totpFactors.confirm(ALICE, 101)).toBe(false);
      expect(await s.storage.totpFactors.confirm(BOB, 100)).toBe(false);
      expect(await s.storage.totpFactors.get(ALICE)).toMatchObject({
        sealedSecret: 'sealed-1',
        confirmedAt: s.clock.now(),
        lastStep: 100,
      });
      expect(await s.storage.totpFactors.putUnconfirmed(ALICE, 'sealed-2')).toBe(false);
      expect(await s.storage.totpFactors.get(ALICE)).toMatchObject({
        sealedSecret: 'sealed-1',
        lastStep: 100,
      });
    });

    it('acceptStep() accepts only later steps of a confirmed factor', async () => {
      await s.storage.totpFactors.putUnconfirmed(ALICE, 'sealed');
      expect(await s.storage.totpFactors.acceptStep(ALICE, 50)).toBe(false);
      await s.storage.totpFactors.confirm(ALICE, 100);
      expect(await s.storage.totpFactors.acceptStep(ALICE, 100)).toBe(false);
      expect(await s.storage.totpFactors.acceptStep(ALICE, 99)).toBe(false);
      expect(await s.storage.totpFactors.acceptStep(ALICE, 101)).toBe(true);
      expect(await s.storage.totpFactors.acceptStep(ALICE, 101)).toBe(false);
      expect(await s.storage.totpFactors.acceptStep(ALICE, 103)).toBe(true);
      expect(await s.storage.totpFactors.acceptStep(ALICE, 102)).toBe(false);
      expect((await s.storage.totpFactors.get(ALICE))?.lastStep).toBe(103);
      expect(await s.storage.totpFactors.acceptStep(BOB, 200)).toBe(false);
    });

    it('acceptStep() lets exactly one of concurrent callers with one step through', async () => {
      await s.storage.totpFactors.putUnconfirmed(ALICE, 'sealed');
      await s.storage.totpFactors.confirm(ALICE, 10);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => s.storage.totpFactors.acceptStep(ALICE, 11)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('delete() removes the factor of that user only', async () => {
      await s.storage.totpFactors.putUnconfirmed(ALICE, 'sealed-a');
      await s.storage.totpFactors.putUnconfirmed(BOB, 'sealed-b');
      expect(await s.storage.totpFactors.delete(ALICE)).toBe(true);
      expect(await s.storage.totpFactors.delete(ALICE)).toBe(false);
      expect(await s.storage.totpFactors.get(ALICE)).toBeNull();
      expect(await s.storage.totpFactors.get(BOB)).not.toBeNull();
      expect(await s.storage.totpFactors.putUnconfirmed(ALICE, 'sealed-c')).toBe(true);
    });
  });
}

export function recoveryCodesContract(s: SubjectRef): void {
  describe('recovery codes', () => {
    it('replace() stores codes that consume() spends once each', async () => {
      expect(await s.storage.recoveryCodes.exist(ALICE)).toBe(false);
      await s.storage.recoveryCodes.replace(ALICE, [hash(1), hash(2), hash(3)]);
      expect(await s.storage.recoveryCodes.exist(ALICE)).toBe(true);
      expect(await s.storage.recoveryCodes.countRemaining(ALICE)).toBe(3);
      expect(await s.storage.recoveryCodes.consume(ALICE, hash(2))).toBe(true);
      expect(await s.storage.recoveryCodes.consume(ALICE, hash(2))).toBe(false);
      expect(await s.storage.recoveryCodes.consume(ALICE, hash(9))).toBe(false);
      expect(await s.storage.recoveryCodes.countRemaining(ALICE)).toBe(2);
      expect(await s.storage.recoveryCodes.exist(ALICE)).toBe(true);
    });

    it("consume() never matches another user's code", async () => {
      await s.storage.recoveryCodes.replace(ALICE, [hash(1)]);
      await s.storage.recoveryCodes.replace(BOB, [hash(2)]);
      expect(await s.storage.recoveryCodes.consume(BOB, hash(1))).toBe(false);
      expect(await s.storage.recoveryCodes.countRemaining(ALICE)).toBe(1);
      expect(await s.storage.recoveryCodes.consume(ALICE, hash(1))).toBe(true);
    });

    it('consume() lets exactly one of concurrent callers spend a code', async () => {
      await s.storage.recoveryCodes.replace(ALICE, [hash(1), hash(2)]);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => s.storage.recoveryCodes.consume(ALICE, hash(1))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.storage.recoveryCodes.countRemaining(ALICE)).toBe(1);
    });

    it('replace() drops every earlier code of that user, used or not', async () => {
      await s.storage.recoveryCodes.replace(ALICE, [hash(1), hash(2)]);
      await s.storage.recoveryCodes.replace(BOB, [hash(7)]);
      await s.storage.recoveryCodes.consume(ALICE, hash(1));
      await s.storage.recoveryCodes.replace(ALICE, [hash(3), hash(4), hash(5)]);
      expect(await s.storage.recoveryCodes.consume(ALICE, hash(2))).toBe(false);
      expect(await s.storage.recoveryCodes.countRemaining(ALICE)).toBe(3);
      expect(await s.storage.recoveryCodes.countRemaining(BOB)).toBe(1);
      expect(await s.storage.recoveryCodes.consume(ALICE, hash(4))).toBe(true);
    });

    it('deleteByUserId() removes that user’s codes only', async () => {
      await s.storage.recoveryCodes.replace(ALICE, [hash(1), hash(2)]);
      await s.storage.recoveryCodes.replace(BOB, [hash(3)]);
      expect(await s.storage.recoveryCodes.deleteByUserId(ALICE)).toBe(2);
      expect(await s.storage.recoveryCodes.exist(ALICE)).toBe(false);
      expect(await s.storage.recoveryCodes.countRemaining(ALICE)).toBe(0);
      expect(await s.storage.recoveryCodes.countRemaining(BOB)).toBe(1);
    });
  });
}
