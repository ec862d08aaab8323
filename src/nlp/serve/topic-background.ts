/**
 * Everyday posts about nothing in particular: greetings, reactions, small talk. At load time their
 * similarity to each topic's nearest exemplar gives that topic's background level, so the `other`
 * fallback follows the taxonomy's own similarity scale (a taxonomy of one-line descriptions sits
 * lower than one with example posts). Written for this project; kept free of any subject a taxonomy
 * might name.
 */
export const BACKGROUND_POSTS: readonly string[] = [
  'good morning everyone',
  'lol same',
  'ok that is enough internet for today',
  'cannot stop laughing at this',
  'thanks so much, you are the best',
  'what a day honestly',
  'brb',
  'this made my whole week',
  'i have no words',
  'anyone else awake right now?',
  'happy birthday!! hope it is a great one',
  'wait what',
  'well that happened',
  'miss you guys',
  'so true',
  'ugh mondays',
  'finally home',
  'see you all tomorrow',
  'just woke up from the best nap',
  'me every single time',
  'can somebody explain this to me',
  'love this so much',
  'not sure how i feel about that',
  'good night twitter',
  'back at it again',
  'that is hilarious',
  'hello from the other side of the room',
  'okay but why is this so accurate',
  'congrats!! well deserved',
  'running late as usual',
  'this is the content i am here for',
  'same energy',
];
