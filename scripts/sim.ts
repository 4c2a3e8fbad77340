import { engine, type AnsweredQuestion, type Answer } from '../src/rules';
function run(yes: string[], unsure: string[] = []) {
  const a: AnsweredQuestion[] = [];
  for (;;) {
    const s = engine.next(a);
    if (s.kind === 'outcome') { console.log(yes.join(',')||'-', '=>', a.length, JSON.stringify(s.outcome), a.map(x=>x.question+':'+x.answer[0]).join(' ')); return; }
    const ans: Answer = yes.includes(s.question.id) ? 'yes' : unsure.includes(s.question.id) ? 'unsure' : 'no';
    a.push({ question: s.question.id, answer: ans });
  }
}
run([]); run(['nightCramp']); run(['breathing']); run(['swollenRedWarm']); run(['nervePain','fromBack']);
run(['easesHangingDown']); run(['jointPain']); run(['heavyVeins','skinChanges']); run(['persistent']); run(['injury']); run(['urgeToMove']);
run(['nervePain','bothFeetBurning']); run([], ['caudaEquina']); run(['clotRisk']); run(['suddenSevere']); run(['nightCramp','persistent']);
