import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type } from 'ot-text-unicode';
import { UndoManager } from '../../src/undo.js';

/** A local text with an undo manager: type, delete, receive remote ops, undo, redo. */
function editor(initial = '') {
  const undo = new UndoManager({ groupMs: 500 });
  let text = initial;
  let time = 0;
  return {
    undo,
    get text() { return text; },
    local(op, dt = 100) {
      time += dt;
      undo.record(op, text, time);
      text = type.apply(text, op);
    },
    remote(op) {
      text = type.apply(text, op);
      undo.transform(op);
    },
    doUndo() { text = type.apply(text, undo.undo()); },
    doRedo() { text = type.apply(text, undo.redo()); },
  };
}

test('typingRun_undoneAsOne_andRedone', () => {
  const e = editor();
  [['h'], [1, 'i'], [2, '!']].forEach((op) => e.local(op));
  assert.equal(e.undo.undoDepth, 1);
  e.doUndo();
  assert.equal(e.text, '');
  e.doRedo();
  assert.equal(e.text, 'hi!');
});

test('pauseOrJump_startsANewEntry', () => {
  const e = editor();
  e.local(['a']);
  e.local([1, 'b'], 1000);
  e.local(['c']);
  assert.equal(e.undo.undoDepth, 3);
  e.doUndo();
  assert.equal(e.text, 'ab');
});

test('backspaceRun_groupsAndRestores', () => {
  const e = editor('hello');
  e.local([4, { d: 1 }]);
  e.local([3, { d: 1 }]);
  e.local([2, { d: 1 }]);
  assert.equal(e.text, 'he');
  assert.equal(e.undo.undoDepth, 1);
  e.doUndo();
  assert.equal(e.text, 'hello');
});

test('undo_afterRemoteEditsAroundAndInside_leavesThemAlone', () => {
  const e = editor('base');
  e.local([4, ' mine']);
  e.remote(['>> ']);
  e.remote([7, '[x]']);
  assert.equal(e.text, '>> base[x] mine');
  e.doUndo();
  assert.equal(e.text, '>> base[x]');
  e.doRedo();
  assert.equal(e.text, '>> base[x] mine');
});

test('remoteDeletesTheOwnEdit_entryDropped', () => {
  const e = editor('ab');
  e.local([1, 'XYZ']);
  e.remote([1, { d: 3 }]);
  assert.equal(e.text, 'ab');
  assert.equal(e.undo.canUndo, false);
});

test('undoOfADelete_insideTextOthersChanged_reinsertsOnlyOwnText', () => {
  const e = editor('one two three');
  e.local([4, { d: 4 }]);
  assert.equal(e.text, 'one three');
  e.remote([4, 'NEW ']);
  e.doUndo();
  assert.equal(e.text, 'one two NEW three');
});

test('newEdit_clearsRedo', () => {
  const e = editor();
  e.local(['a']);
  e.doUndo();
  assert.equal(e.undo.canRedo, true);
  e.local(['b']);
  assert.equal(e.undo.canRedo, false);
});

test('nothingToUndo_throws', () => {
  const undo = new UndoManager();
  assert.throws(() => undo.undo(), /nothing to undo/);
  assert.throws(() => undo.redo(), /nothing to redo/);
  assert.throws(() => new UndoManager({ capacity: 0 }), /capacity/);
});
